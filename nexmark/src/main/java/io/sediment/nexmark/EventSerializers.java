package io.sediment.nexmark;

import io.sediment.stream.Serializer;

/**
 * Compact, deterministic serializers of the events, for state and channels: numbers as zig-zag
 * variable-length integers, strings as length and UTF-8. Equal events give equal bytes.
 */
public final class EventSerializers {

  private static final int PERSON = 1;
  private static final int AUCTION = 2;
  private static final int BID = 3;

  private EventSerializers() {}

  /** Serializes persons. */
  public static Serializer<Person> persons() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(Person p) {
        return write(new Bytes.Writer(), p).toBytes();
      }

      @Override
      public Person deserialize(byte[] bytes) {
        Bytes.Reader r = new Bytes.Reader(bytes);
        Person p = readPerson(r);
        r.end();
        return p;
      }
    };
  }

  /** Serializes auctions. */
  public static Serializer<Auction> auctions() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(Auction a) {
        return write(new Bytes.Writer(), a).toBytes();
      }

      @Override
      public Auction deserialize(byte[] bytes) {
        Bytes.Reader r = new Bytes.Reader(bytes);
        Auction a = readAuction(r);
        r.end();
        return a;
      }
    };
  }

  /** Serializes bids. */
  public static Serializer<Bid> bids() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(Bid b) {
        return write(new Bytes.Writer(), b).toBytes();
      }

      @Override
      public Bid deserialize(byte[] bytes) {
        Bytes.Reader r = new Bytes.Reader(bytes);
        Bid b = readBid(r);
        r.end();
        return b;
      }
    };
  }

  /** Serializes any event: a one-byte kind, then the event. */
  public static Serializer<Event> events() {
    return new Serializer<>() {
      @Override
      public byte[] serialize(Event e) {
        Bytes.Writer w = new Bytes.Writer();
        if (e instanceof Person p) {
          write(w.tag(PERSON), p);
        } else if (e instanceof Auction a) {
          write(w.tag(AUCTION), a);
        } else if (e instanceof Bid b) {
          write(w.tag(BID), b);
        } else {
          throw new IllegalArgumentException("not an event: " + e);
        }
        return w.toBytes();
      }

      @Override
      public Event deserialize(byte[] bytes) {
        Bytes.Reader r = new Bytes.Reader(bytes);
        int tag = r.tag();
        Event e =
            switch (tag) {
              case PERSON -> readPerson(r);
              case AUCTION -> readAuction(r);
              case BID -> readBid(r);
              default -> throw new IllegalArgumentException("unknown event kind " + tag);
            };
        r.end();
        return e;
      }
    };
  }

  private static Bytes.Writer write(Bytes.Writer w, Person p) {
    return w.varLong(p.id())
        .string(p.name())
        .string(p.emailAddress())
        .string(p.creditCard())
        .string(p.city())
        .string(p.state())
        .varLong(p.dateTime())
        .string(p.extra());
  }

  private static Bytes.Writer write(Bytes.Writer w, Auction a) {
    return w.varLong(a.id())
        .string(a.itemName())
        .string(a.description())
        .varLong(a.initialBid())
        .varLong(a.reserve())
        .varLong(a.dateTime())
        .varLong(a.expires() - a.dateTime())
        .varLong(a.seller())
        .varLong(a.category())
        .string(a.extra());
  }

  private static Bytes.Writer write(Bytes.Writer w, Bid b) {
    return w.varLong(b.auction())
        .varLong(b.bidder())
        .varLong(b.price())
        .string(b.channel())
        .string(b.url())
        .varLong(b.dateTime())
        .string(b.extra());
  }

  private static Person readPerson(Bytes.Reader r) {
    return new Person(
        r.varLong(),
        r.string(),
        r.string(),
        r.string(),
        r.string(),
        r.string(),
        r.varLong(),
        r.string());
  }

  private static Auction readAuction(Bytes.Reader r) {
    long id = r.varLong();
    String item = r.string();
    String description = r.string();
    long initialBid = r.varLong();
    long reserve = r.varLong();
    long dateTime = r.varLong();
    long expires = dateTime + r.varLong();
    return new Auction(
        id,
        item,
        description,
        initialBid,
        reserve,
        dateTime,
        expires,
        r.varLong(),
        r.varLong(),
        r.string());
  }

  private static Bid readBid(Bytes.Reader r) {
    return new Bid(
        r.varLong(), r.varLong(), r.varLong(), r.string(), r.string(), r.varLong(), r.string());
  }
}
