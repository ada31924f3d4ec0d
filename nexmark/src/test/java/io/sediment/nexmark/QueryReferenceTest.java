package io.sediment.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.runtime.JobStorage;
import io.sediment.stream.runtime.LocalJob;
import io.sediment.stream.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each query on a few thousand generated events (out of order by up to 400 ms, 100 events per
 * second of event time, so that windows open and close), at parallelism 2 over 2 splits: a first
 * run is held mid-stream, checkpointed and cancelled, a second run restores and reads to the end
 * (every stage of the job restores with it). The committed result must equal the in-memory
 * reference's. Asynchronous state for most queries, synchronous for a few. {@code -Dnexmark.seed=S}
 * changes the input.
 */
class QueryReferenceTest {

  private static final long SEED = Long.getLong("nexmark.seed", 20261207L);
  private static final long EVENTS = 3000;
  private static final long OUT_OF_ORDERNESS_MS = 400;
  private static final long Q12_WINDOW_MS = 5_000;
  private static final long T0 = 1_000_000;

  @TempDir Path tmp;

  static Stream<Arguments> queries() {
    List<Arguments> out = new ArrayList<>();
    for (String q : Queries.NAMES) {
      boolean sync = q.equals("q2") || q.equals("q8") || q.equals("q18");
      out.add(
          Arguments.of(
              q,
              sync
                  ? "execution-mode=sync"
                  : "buffer-size=16,buffer-timeout=PT0.001S,in-flight-records-limit=50"));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("queries")
  void committedResultEqualsTheReference(String name, String mode) throws Exception {
    GeneratorConfig generatorConfig =
        GeneratorConfig.defaults(SEED + name.hashCode())
            .withEventsPerSecond(100)
            .withOutOfOrderness(OUT_OF_ORDERNESS_MS);
    EventGenerator generator = new EventGenerator(generatorConfig);
    List<Event> events = new ArrayList<>();
    Map<Bid, Long> index = new HashMap<>();
    for (long i = 0; i < EVENTS; i++) {
      Event e = generator.event(i);
      events.add(e);
      if (e instanceof Bid b) {
        index.putIfAbsent(b, i);
      }
    }
    // q12's clock: T0 while the first run reads the first half, T1 for the rest, then past T1's
    // window once every record is in, so that every window fires before the input ends.
    TestClock clock = new TestClock(T0);
    QueryConfig config =
        new QueryConfig(
            OUT_OF_ORDERNESS_MS,
            10_000,
            10_000,
            2_000,
            7,
            Q12_WINDOW_MS,
            b -> index.get(b) < EVENTS / 2 ? T0 : T0 + Q12_WINDOW_MS);
    Query query = Queries.of(name, config);
    List<String> expected = query.reference(events);
    assertFalse(expected.isEmpty(), name + " has an empty reference result: a weak test");

    Configuration conf = new Configuration();
    RuntimeSettings settings =
        RuntimeSettings.defaults()
            .withParallelism(2)
            .withMaxParallelism(16)
            .withWatermarkInterval(20)
            .withChannelCapacity(64)
            .withExecution(ExecutionSettings.parse(mode))
            .withClock(clock);
    String out = tmp.resolve("out").toUri().toString();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    GatedSource<Event> gated =
        new GatedSource<>(new NexmarkSource(generator, EVENTS, 2), EVENTS / 2);
    Duration wait = Duration.ofMinutes(1);
    List<String> committed;
    try (QueryOutput output = query.output(out, conf)) {
      var job = query.job(gated, output);
      long first;
      try (LocalJob<?, ?, ?> run = LocalJob.start(job, settings, storage)) {
        gated.awaitDelivered(EVENTS / 2, wait); // the checkpoint then holds the whole first half
        first = run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      }
      clock.set(T0 + Q12_WINDOW_MS);
      gated.open(EVENTS); // every record, but the splits do not end yet
      try (LocalJob<?, ?, ?> second = LocalJob.start(job, settings, storage)) {
        assertEquals(OptionalLong.of(first), second.restoredFrom());
        gated.awaitDelivered(EVENTS, wait);
        second.triggerCheckpoint().get(1, TimeUnit.MINUTES); // every record processed
        clock.set(T0 + 2 * Q12_WINDOW_MS);
        second.triggerCheckpoint().get(1, TimeUnit.MINUTES); // the timers now due have fired
        gated.open(Long.MAX_VALUE);
        assertTrue(second.await().checkpointsCompleted() >= 1);
      }
      committed = output.committed();
    }
    assertEquals(
        expected, query.result(committed), name + " with seed " + (SEED + name.hashCode()));
  }
}
