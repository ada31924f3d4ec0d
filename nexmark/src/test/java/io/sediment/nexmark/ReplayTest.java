package io.sediment.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.SplitReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The derived sources replay exactly from every offset they report: the bids-only filter, and the
 * sliding-window expansion of q5 also from the middle of one bid's windows.
 */
class ReplayTest {

  private final NexmarkSource events =
      new NexmarkSource(
          new EventGenerator(GeneratorConfig.defaults(11).withEventsPerSecond(100)), 700, 3);

  @Test
  void theFilterReplaysFromEveryOffset() throws Exception {
    checkReplay(new FilteredSource<>(events, e -> e instanceof Auction || e instanceof Person));
  }

  @Test
  void theWindowExpansionReplaysFromEveryOffsetAlsoInsideABid() throws Exception {
    HopExpansion windows = new HopExpansion(events, 10_000, 2_000);
    List<WindowedBid> all = checkReplay(windows);
    for (int i = 0; i + 4 < all.size(); i += 5) {
      Bid bid = all.get(i).bid();
      for (int j = 0; j < 5; j++) {
        WindowedBid w = all.get(i + j);
        assertEquals(bid, w.bid());
        assertTrue(
            w.start() <= bid.dateTime() && bid.dateTime() <= w.maxTimestamp(),
            w + " does not hold its bid");
      }
    }
  }

  /** Reads every split, then reopens it at each offset it reported and compares the rest. */
  private static <T> List<T> checkReplay(Source<T> source) throws Exception {
    List<T> everything = new ArrayList<>();
    for (int split = 0; split < source.splits(); split++) {
      List<T> records = new ArrayList<>();
      List<Long> offsets = new ArrayList<>();
      try (SplitReader<T> r = source.open(split, 0)) {
        offsets.add(r.offset());
        while (!r.finished()) {
          T t = r.next();
          if (t != null) {
            records.add(t);
            offsets.add(r.offset());
          }
        }
      }
      assertTrue(records.size() > 10, records.size() + " records in split " + split);
      for (int i = 0; i < offsets.size(); i += 7) {
        List<T> replay = new ArrayList<>();
        try (SplitReader<T> r = source.open(split, offsets.get(i))) {
          while (!r.finished()) {
            T t = r.next();
            if (t != null) {
              replay.add(t);
            }
          }
        }
        assertEquals(records.subList(i, records.size()), replay, "split " + split + " from " + i);
      }
      everything.addAll(records);
    }
    return everything;
  }
}
