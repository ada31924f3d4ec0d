package io.sediment.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measured run in the remote-like mode (1 ms per file-system operation, shared memory and disk
 * tiers, checkpoints every 50 ms) gives the reference's number of rows and reports what it
 * measured; the two stages of q4 run as one job into a changelog table.
 */
class NexmarkRunTest {

  @TempDir Path tmp;

  @Test
  void aRunOnTheLatencyFileSystemMeasuresAndGivesTheReferenceResult() throws Exception {
    EventGenerator generator =
        new EventGenerator(GeneratorConfig.defaults(7).withEventsPerSecond(200));
    QueryConfig config = QueryConfig.defaults(0, Clock.systemUTC());
    for (String name : List.of("q4", "q19")) {
      Query query = Queries.of(name, config);
      NexmarkSource source = new NexmarkSource(generator, 2000, 2);
      NexmarkRun.Result r =
          NexmarkRun.run(
              query,
              source,
              NexmarkMode.ASYNC_LATENCY,
              2,
              tmp.resolve(name),
              1,
              1 << 20,
              Duration.ofMillis(50),
              System::nanoTime);
      List<Event> events = new ArrayList<>();
      for (long i = 0; i < 2000; i++) {
        events.add(generator.event(i));
      }
      assertEquals(name, r.query());
      assertEquals(2000, r.events());
      assertTrue(r.stateBytes() > 0 && r.eventsPerSecond() > 0, r.toString());
      if (r.checkpoints() > 0) {
        assertTrue(
            r.meanCheckpointMillis() >= 1 && r.maxCheckpointMillis() >= r.meanCheckpointMillis(),
            r.toString());
      }
      assertTrue(source.eventsRead() >= 2000, source.eventsRead() + " events read");
      String out = tmp.resolve(name).resolve("run").resolve("out").toUri().toString();
      List<String> rows;
      try (QueryOutput output = query.output(out, NexmarkMode.ASYNC_LATENCY.configuration(0))) {
        rows = output.committed();
      }
      assertEquals(query.reference(events), query.result(rows), name);
    }
  }

  @Test
  void modesAreNamedAndCheckTheirArguments() {
    assertEquals(NexmarkMode.ASYNC_LATENCY, NexmarkMode.byName("async-latency"));
    assertThrows(IllegalArgumentException.class, () -> NexmarkMode.byName("remote"));
    assertThrows(IllegalArgumentException.class, () -> NexmarkMode.SYNC_LOCAL.configuration(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Queries.of("q6", QueryConfig.defaults(0, Clock.systemUTC())));
  }
}
