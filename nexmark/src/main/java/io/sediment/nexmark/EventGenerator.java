package io.sediment.nexmark;

import java.util.SplittableRandom;

/**
 * Nexmark's event stream, drawn deterministically: event {@code i} depends only on the
 * configuration and {@code i} (its random draws come from a generator seeded by the seed and the
 * index), so any event can be regenerated on its own, which is what makes the {@link NexmarkSource}
 * replayable from any offset.
 *
 * <p>Per 50 events: 1 person, 3 auctions, 46 bids, in that order. Ids are sequential per kind
 * (persons from 1000, auctions from 1000) and references point at recent ones: a bid goes to the
 * hot auction (the latest multiple of 100) or to one of the latest in-flight auctions, its bidder
 * and an auction's seller are hot persons or recent ones; as in Nexmark, a reference may lead the
 * newest id by a few (a person or auction that appears shortly after). Prices are log-uniform from
 * 1 to 1,000,000 dollars in cents. An auction lasts up to twice the event time that {@code
 * inFlightAuctions} auctions take to open. Event sizes average Nexmark's (200 bytes a person, 500
 * an auction, 100 a bid) through the {@code extra} field.
 */
public final class EventGenerator {

  static final int PERSON_PROPORTION = 1;
  static final int AUCTION_PROPORTION = 3;
  static final int BID_PROPORTION = 46;
  static final int TOTAL_PROPORTION = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

  /** The first person's id. */
  public static final long FIRST_PERSON_ID = 1000;

  /** The first auction's id. */
  public static final long FIRST_AUCTION_ID = 1000;

  /** The first category; there are {@link #CATEGORIES} from it. */
  public static final long FIRST_CATEGORY_ID = 10;

  /** The number of categories. */
  public static final int CATEGORIES = 5;

  private static final int HOT_AUCTION_SPACING = 100;
  private static final int HOT_SELLER_SPACING = 100;
  private static final int HOT_BIDDER_SPACING = 100;
  private static final int PERSON_ID_LEAD = 10;
  private static final int AUCTION_ID_LEAD = 10;

  private static final String[] FIRST_NAMES = {
    "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"
  };
  private static final String[] LAST_NAMES = {
    "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"
  };
  private static final String[] CITIES = {
    "Phoenix",
    "Los Angeles",
    "San Francisco",
    "Boise",
    "Portland",
    "Bend",
    "Redmond",
    "Seattle",
    "Kent",
    "Cheyenne"
  };
  private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

  private static final int PERSON_BYTES = 200;
  private static final int AUCTION_BYTES = 500;
  private static final int BID_BYTES = 100;

  private final GeneratorConfig config;

  /** A generator of {@code config}'s events. */
  public EventGenerator(GeneratorConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  /** The configuration. */
  public GeneratorConfig config() {
    return config;
  }

  /**
   * Event {@code index}.
   *
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public Event event(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("event index must not be negative: " + index);
    }
    SplittableRandom random = new SplittableRandom(mix(config.seed(), index));
    long time = config.timestampOf(index);
    if (config.outOfOrdernessMs() > 0) {
      time -= random.nextLong(config.outOfOrdernessMs() + 1);
    }
    long offset = index % TOTAL_PROPORTION;
    if (offset < PERSON_PROPORTION) {
      return person(index, random, time);
    } else if (offset < PERSON_PROPORTION + AUCTION_PROPORTION) {
      return auction(index, random, time);
    } else {
      return bid(index, random, time);
    }
  }

  private Person person(long index, SplittableRandom random, long time) {
    long id = lastBase0PersonId(index) + FIRST_PERSON_ID;
    String name = pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES);
    String email = string(random, 7) + "@" + string(random, 5) + ".com";
    String card =
        String.format(
            "%04d %04d %04d %04d",
            random.nextInt(10000),
            random.nextInt(10000),
            random.nextInt(10000),
            random.nextInt(10000));
    String city = pick(random, CITIES);
    String state = pick(random, STATES);
    int size = name.length() + email.length() + card.length() + city.length() + state.length() + 16;
    return new Person(id, name, email, card, city, state, time, extra(random, size, PERSON_BYTES));
  }

  private Auction auction(long index, SplittableRandom random, long time) {
    long id = lastBase0AuctionId(index) + FIRST_AUCTION_ID;
    long seller =
        random.nextInt(config.hotSellerRatio()) > 0
            ? (lastBase0PersonId(index) / HOT_SELLER_SPACING) * HOT_SELLER_SPACING
            : nextBase0PersonId(index, random);
    seller += FIRST_PERSON_ID;
    long category = FIRST_CATEGORY_ID + random.nextInt(CATEGORIES);
    long initialBid = price(random);
    long expires = time + auctionLengthMs(index, random, time);
    String item = string(random, 20);
    String description = string(random, 100);
    long reserve = initialBid + price(random);
    int size = item.length() + description.length() + 48;
    return new Auction(
        id,
        item,
        description,
        initialBid,
        reserve,
        time,
        expires,
        seller,
        category,
        extra(random, size, AUCTION_BYTES));
  }

  private Bid bid(long index, SplittableRandom random, long time) {
    long auction =
        random.nextInt(config.hotAuctionRatio()) > 0
            ? (lastBase0AuctionId(index) / HOT_AUCTION_SPACING) * HOT_AUCTION_SPACING
            : nextBase0AuctionId(index, random);
    auction += FIRST_AUCTION_ID;
    long bidder =
        random.nextInt(config.hotBidderRatio()) > 0
            ? (lastBase0PersonId(index) / HOT_BIDDER_SPACING) * HOT_BIDDER_SPACING + 1
            : nextBase0PersonId(index, random);
    bidder += FIRST_PERSON_ID;
    long price = price(random);
    int c = random.nextInt(CHANNELS.length + 1);
    String channel = c < CHANNELS.length ? CHANNELS[c] : "channel-" + random.nextInt(10_000);
    String url = "https://www.nexmark.com/" + string(random, 5) + "/item.htm?query=" + c;
    int size = channel.length() + url.length() + 32;
    return new Bid(auction, bidder, price, channel, url, time, extra(random, size, BID_BYTES));
  }

  /** The 0-based id of the last person whose event is at or before {@code index}. */
  static long lastBase0PersonId(long index) {
    long epoch = index / TOTAL_PROPORTION;
    long offset = index % TOTAL_PROPORTION;
    if (offset >= PERSON_PROPORTION) {
      offset = PERSON_PROPORTION - 1;
    }
    return epoch * PERSON_PROPORTION + offset;
  }

  /** The 0-based id of the last auction whose event is at or before {@code index} (-1: none). */
  static long lastBase0AuctionId(long index) {
    long epoch = index / TOTAL_PROPORTION;
    long offset = index % TOTAL_PROPORTION;
    if (offset < PERSON_PROPORTION) {
      epoch--;
      offset = AUCTION_PROPORTION - 1;
    } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
      offset = AUCTION_PROPORTION - 1;
    } else {
      offset -= PERSON_PROPORTION;
    }
    return Math.max(0, epoch * AUCTION_PROPORTION + offset);
  }

  private long nextBase0PersonId(long index, SplittableRandom random) {
    long people = lastBase0PersonId(index) + 1;
    long active = Math.min(people, config.activePeople());
    return people - active + random.nextLong(active + PERSON_ID_LEAD);
  }

  private long nextBase0AuctionId(long index, SplittableRandom random) {
    long last = lastBase0AuctionId(index);
    long min = Math.max(last - config.inFlightAuctions(), 0);
    return min + random.nextLong(last - min + 1 + AUCTION_ID_LEAD);
  }

  /** Up to twice the event time {@code inFlightAuctions} auctions take to open (at least 1 ms). */
  private long auctionLengthMs(long index, SplittableRandom random, long time) {
    long events = (long) config.inFlightAuctions() * TOTAL_PROPORTION / AUCTION_PROPORTION;
    long horizon = config.timestampOf(index + events) - time;
    return 1 + random.nextLong(Math.max(horizon * 2, 1));
  }

  /** Log-uniform from 100 to 100,000,000 cents. */
  private static long price(SplittableRandom random) {
    return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
  }

  private static String pick(SplittableRandom random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Lowercase letters, {@code length} of them. */
  private static String string(SplittableRandom random, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(c);
  }

  /** Padding that brings an event of {@code size} bytes to {@code average} on average (±20%). */
  private static String extra(SplittableRandom random, int size, int average) {
    if (size >= average) {
      return "";
    }
    int wanted = average - size;
    int delta = Math.round(wanted * 0.2f);
    return string(random, wanted - delta + random.nextInt(2 * delta + 1));
  }

  /** A well-mixed seed of one event (SplitMix64's finalizer over the seed and index). */
  private static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
