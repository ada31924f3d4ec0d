package io.sediment.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.runtime.SplitReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator's determinism and shape, the serializers' round trips, the source's replay. */
class EventsTest {

  private final EventGenerator generator =
      new EventGenerator(GeneratorConfig.defaults(42).withOutOfOrderness(50));

  @Test
  void eventsDependOnlyOnSeedAndIndexAndKeepNexmarksProportions() {
    EventGenerator again = new EventGenerator(GeneratorConfig.defaults(42).withOutOfOrderness(50));
    int persons = 0;
    int auctions = 0;
    int bids = 0;
    long maxAuction = 0;
    for (long i = 0; i < 5000; i++) {
      Event e = generator.event(i);
      assertEquals(e, again.event(i));
      long base = GeneratorConfig.DEFAULT_BASE_TIME + i / 10;
      assertTrue(e.dateTime() <= base && e.dateTime() >= base - 50, e + " at " + i);
      if (e instanceof Person) {
        persons++;
      } else if (e instanceof Auction a) {
        auctions++;
        maxAuction = a.id();
        assertTrue(a.expires() > a.dateTime(), a.toString());
        assertTrue(a.category() >= 10 && a.category() < 15, a.toString());
      } else {
        bids++;
        Bid b = (Bid) e;
        assertTrue(b.auction() <= maxAuction + 10, b + " refers past the newest auction");
      }
    }
    assertEquals(List.of(100, 300, 4600), List.of(persons, auctions, bids));
    assertTrue(
        !generator.event(10).equals(new EventGenerator(GeneratorConfig.defaults(43)).event(10)));
  }

  @Test
  void hotAuctionsTakeAboutHalfOfTheBids() {
    int hot = 0;
    int bids = 0;
    for (long i = 0; i < 50_000; i++) {
      if (generator.event(i) instanceof Bid b) {
        bids++;
        if ((b.auction() - EventGenerator.FIRST_AUCTION_ID) % 100 == 0) {
          hot++;
        }
      }
    }
    double share = (double) hot / bids;
    assertTrue(share > 0.45 && share < 0.6, "hot share " + share);
  }

  @Test
  void serializersRoundTripEveryKind() {
    var events = EventSerializers.events();
    for (long i = 0; i < 200; i++) {
      Event e = generator.event(i);
      byte[] bytes = events.serialize(e);
      assertEquals(e, events.deserialize(bytes));
      if (e instanceof Bid b) {
        assertEquals(b, EventSerializers.bids().deserialize(EventSerializers.bids().serialize(b)));
        assertTrue(bytes.length < 140, bytes.length + " bytes for " + b);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> events.deserialize(new byte[] {9}));
  }

  @Test
  void aSplitReopenedAtAnOffsetReplaysTheSameEvents() throws Exception {
    NexmarkSource source = new NexmarkSource(generator, 1000, 3);
    List<Event> first = new ArrayList<>();
    long middle = -1;
    try (SplitReader<Event> r = source.open(1, 0)) {
      for (Event e = r.next(); e != null; e = r.next()) {
        first.add(e);
        if (first.size() == 100) {
          middle = r.offset();
        }
      }
      assertTrue(r.finished());
    }
    assertEquals(333, first.size());
    assertEquals(301, middle);
    List<Event> replay = new ArrayList<>();
    try (SplitReader<Event> r = source.open(1, middle)) {
      for (Event e = r.next(); e != null; e = r.next()) {
        replay.add(e);
      }
    }
    assertEquals(first.subList(100, first.size()), replay);
    assertThrows(IllegalArgumentException.class, () -> source.open(1, -1));
    Set<Long> ids = new HashSet<>();
    first.forEach(e -> ids.add(e.dateTime()));
    assertTrue(ids.size() > 1);
  }
}
