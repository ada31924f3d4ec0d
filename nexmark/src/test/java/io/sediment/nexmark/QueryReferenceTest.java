package io.sediment.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.runtime.JobStorage;
import io.sediment.stream.runtime.LocalJob;
import io.sediment.stream.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    QueryConfig config =
        new QueryConfig(OUT_OF_ORDERNESS_MS, 10_000, 10_000, 2_000, 7, 5_000, Bid::dateTime);
    Query query = Queries.of(name, config);
    List<Event> events = new ArrayList<>();
    for (long i = 0; i < EVENTS; i++) {
      events.add(generator.event(i));
    }
    List<String> expected = query.reference(events);
    assertFalse(expected.isEmpty(), name + " has an empty reference result: a weak test");

    Configuration conf = new Configuration();
    RuntimeSettings settings =
        RuntimeSettings.defaults()
            .withParallelism(2)
            .withMaxParallelism(16)
            .withWatermarkInterval(20)
            .withChannelCapacity(64)
            .withExecution(ExecutionSettings.parse(mode));
    String out = tmp.resolve("out").toUri().toString();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    GatedSource<Event> gated =
        new GatedSource<>(new NexmarkSource(generator, EVENTS, 2), EVENTS / 2);
    List<String> committed;
    try (QueryOutput output = query.output(out, conf)) {
      var job = query.job(gated, output);
      long first;
      try (LocalJob<?, ?, ?> run = LocalJob.start(job, settings, storage)) {
        first = run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      }
      gated.open(Long.MAX_VALUE);
      try (LocalJob<?, ?, ?> second = LocalJob.start(job, settings, storage)) {
        assertEquals(OptionalLong.of(first), second.restoredFrom());
        assertTrue(second.await().checkpointsCompleted() >= 1);
      }
      committed = output.committed();
    }
    assertEquals(
        expected, query.result(committed), name + " with seed " + (SEED + name.hashCode()));
  }
}
