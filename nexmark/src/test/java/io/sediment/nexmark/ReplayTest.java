package io.sediment.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.SplitReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filtered source the queries read replays exactly from every offset it reports. */
class ReplayTest {

  private final NexmarkSource events =
      new NexmarkSource(
          new EventGenerator(GeneratorConfig.defaults(11).withEventsPerSecond(100)), 700, 3);

  @Test
  void theFilterReplaysFromEveryOffset() throws Exception {
    checkReplay(new FilteredSource<>(events, e -> e instanceof Auction || e instanceof Person));
  }

  /** Reads every split, then reopens it at each offset it reported and compares the rest. */
  private static <T> void checkReplay(Source<T> source) throws Exception {
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
    }
  }
}
