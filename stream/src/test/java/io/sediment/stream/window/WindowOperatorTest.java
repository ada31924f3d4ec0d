package io.sediment.stream.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import io.sediment.stream.runtime.CheckpointedState;
import io.sediment.stream.runtime.FileSink;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.JobStorage;
import io.sediment.stream.runtime.ListSource;
import io.sediment.stream.runtime.LocalJob;
import io.sediment.stream.runtime.RuntimeSettings;
import io.sediment.stream.runtime.WatermarkStrategy;
import io.sediment.stream.window.WindowTestFunctions.Ev;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Event-time windows of each assigner, with an aggregate function and with a full-window function
 * (one in sync, the other in async execution), against {@link WindowModel} on seeded out-of-order
 * input (within the watermark's bound, so nothing is late): every window of every key fires once
 * with all its elements. Each job runs in three parts: two instances cancelled after a mid-stream
 * checkpoint, three instances restored from it (a rescale) that fail after another checkpoint, and
 * three restored to the end; the committed output is the model's, each row once, and the final
 * checkpoint holds no state at all (every window and timer cleaned). {@code -Dstream.seed=S}
 * changes the input.
 */
class WindowOperatorTest {

  private static final long SEED = Long.getLong("stream.seed", 20261207L);
  private static final int PER_SPLIT = 240;
  private static final long BOUND = 40;

  @TempDir Path tmp;

  static WindowAssigner assigner(String name) {
    return switch (name) {
      case "tumbling" -> WindowAssigner.tumblingEventTime(Duration.ofMillis(100));
      case "sliding" ->
          WindowAssigner.slidingEventTime(Duration.ofMillis(100), Duration.ofMillis(30));
      // odd gap, even timestamps: sessions never just touch (see input)
      case "session" -> WindowAssigner.sessionEventTime(Duration.ofMillis(41));
      default -> throw new IllegalArgumentException(name);
    };
  }

  static Stream<Arguments> configurations() {
    List<Arguments> out = new ArrayList<>();
    // each assigner with both function kinds and in both modes, in two runs
    String sync = "execution-mode=sync";
    String async = "buffer-size=6,buffer-timeout=PT0.001S";
    boolean first = true;
    for (String assigner : List.of("tumbling", "sliding", "session")) {
      out.add(Arguments.of(assigner, true, first ? async : sync));
      out.add(Arguments.of(assigner, false, first ? sync : async));
      first = !first;
    }
    return out.stream();
  }

  /**
   * Two splits, keys of one split each; timestamps even, up to {@code BOUND - 10} behind the
   * split's largest (so no record is late under a bound of {@code BOUND}).
   */
  static List<List<Ev>> input(long seed) {
    Random random = new Random(seed);
    List<List<Ev>> splits = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      List<Ev> records = new ArrayList<>();
      for (int i = 0; i < PER_SPLIT; i++) {
        long ts = 10L * i - 2L * random.nextInt(11);
        records.add(new Ev("s" + s + "-k" + random.nextInt(6), ts, random.nextInt(50), 0));
      }
      splits.add(records);
    }
    return splits;
  }

  @ParameterizedTest(name = "{0}, aggregate {1}, {2}")
  @MethodSource("configurations")
  void eachWindowFiresOnceWithItsElementsAcrossRestoreAndRescale(
      String assignerName, boolean aggregate, String mode) throws Exception {
    long seed = SEED + assignerName.hashCode() * 31L + (aggregate ? 1 : 0) + mode.hashCode();
    List<List<Ev>> splits = input(seed);
    WindowAssigner assigner = assigner(assignerName);
    WindowOperator<Ev, String, String> operator = WindowTestFunctions.operator(assigner, aggregate);
    ListSource<Ev> source = new ListSource<>(splits).availableUpTo(PER_SPLIT / 3);
    Configuration conf = new Configuration();
    String out = tmp.resolve("out").toUri().toString();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    RuntimeSettings settings =
        RuntimeSettings.defaults()
            .withMaxParallelism(16)
            .withWatermarkInterval(5)
            .withExecution(ExecutionSettings.parse(mode));
    try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
      JobDefinition<Ev, String, String> job =
          new JobDefinition<>(source, Ev::key, Serializers.string(), Ev::timestamp, operator, sink)
              .withWatermarks(WatermarkStrategy.boundedOutOfOrderness(Duration.ofMillis(BOUND)));
      try (LocalJob<?, ?, ?> run = LocalJob.start(job, settings.withParallelism(2), storage)) {
        run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      }
      source.availableUpTo(2 * PER_SPLIT / 3);
      LocalJob<?, ?, ?> second = LocalJob.start(job, settings.withParallelism(3), storage);
      second.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      source.failNextRead();
      assertThrows(IOException.class, second::await);
      source.availableUpTo(PER_SPLIT);
      LocalJob.start(job, settings.withParallelism(3), storage).await();
    }
    List<Ev> all = new ArrayList<>();
    splits.forEach(all::addAll);
    String what = assignerName + ", aggregate " + aggregate + ", " + mode + ", seed " + seed;
    WindowModel.assertSameRows(
        WindowModel.rows(all, assigner, aggregate, Ev::timestamp, Long.MAX_VALUE),
        FileSink.readCommitted(out, conf, Serializers.string()),
        what);
    assertEquals(0, operator.lateRecords(), what);
    assertEquals(
        0,
        CheckpointedState.liveEntries(storage, operator, Serializers.string(), 16, tmp),
        "state left after every window closed: " + what);
  }
}
