package io.sediment.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import io.sediment.stream.runtime.FileSink;
import io.sediment.stream.runtime.JobStorage;
import io.sediment.stream.runtime.LocalJob;
import io.sediment.stream.runtime.RuntimeSettings;
import io.sediment.stream.runtime.Source;
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
 * run is held mid-stream, checkpointed and cancelled, a second run restores and reads to the end.
 * The committed result must equal the in-memory reference's. Asynchronous state for most queries,
 * synchronous for a few. {@code -Dnexmark.seed=S} changes the input.
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
    List<String> rows = null;
    for (int stage = 0; stage < query.stages(); stage++) {
      String out = tmp.resolve("out-" + stage).toUri().toString();
      JobStorage storage = JobStorage.under(tmp.resolve("job-" + stage).toUri().toString(), conf);
      long total = stage == 0 ? EVENTS : rows.size();
      GatedSource<Event> events0 =
          new GatedSource<>(new NexmarkSource(generator, EVENTS, 2), total / 2);
      GatedSource<String> rows0 =
          stage == 0 ? null : new GatedSource<>(new ListSource<>(rows, 2), total / 2);
      try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
        Source<String> previous = rows0;
        var job = query.stage(stage, events0, previous, sink);
        long first;
        try (LocalJob<?, ?, ?> run = LocalJob.start(job, settings, storage)) {
          first = run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
        }
        events0.open(Long.MAX_VALUE);
        if (rows0 != null) {
          rows0.open(Long.MAX_VALUE);
        }
        LocalJob<?, ?, ?> second = LocalJob.start(job, settings, storage);
        assertEquals(OptionalLong.of(first), second.restoredFrom());
        assertTrue(second.await().checkpointsCompleted() >= 1);
      }
      rows = FileSink.readCommitted(out, conf, Serializers.string());
    }
    assertEquals(expected, query.result(rows), name + " with seed " + (SEED + name.hashCode()));
  }
}
