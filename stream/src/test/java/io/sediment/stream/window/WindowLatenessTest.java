package io.sediment.stream.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import io.sediment.stream.runtime.CheckpointedState;
import io.sediment.stream.runtime.FileSink;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.JobStorage;
import io.sediment.stream.runtime.ListSource;
import io.sediment.stream.runtime.LocalJob;
import io.sediment.stream.runtime.OutputTag;
import io.sediment.stream.runtime.RuntimeSettings;
import io.sediment.stream.runtime.WatermarkStrategy;
import io.sediment.stream.window.WindowTestFunctions.Ev;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Allowed lateness and late data on one split (so the watermark each record sees is known, one
 * after every record): a record within the lateness is added to its fired window, which fires again
 * with the updated result; a record past the lateness of all its windows goes to the late side
 * output (exactly once, committed with the checkpoints) and is counted; every window's state is
 * gone at the end. Checked against a simulation of the same rules.
 */
class WindowLatenessTest {

  private static final long LATENESS = 60;
  private static final long BOUND = 20;
  private static final OutputTag<Ev> LATE = new OutputTag<>("late", WindowTestFunctions.EVENTS);

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}, aggregate {1}, {2}")
  @CsvSource({
    "tumbling, true, buffer-size=4;buffer-timeout=PT0.001S",
    "sliding, false, execution-mode=sync"
  })
  void lateRecordsRefireWithinTheLatenessAndGoToTheSideOutputBeyondIt(
      String assignerName, boolean aggregate, String mode) throws Exception {
    WindowAssigner assigner =
        assignerName.equals("tumbling")
            ? WindowAssigner.tumblingEventTime(Duration.ofMillis(100))
            : WindowAssigner.slidingEventTime(Duration.ofMillis(100), Duration.ofMillis(50));
    Random random = new Random(assignerName.hashCode());
    List<Ev> input = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long behind = random.nextInt(100) < 15 ? 30 + random.nextInt(170) : random.nextInt(15);
      input.add(new Ev("k" + random.nextInt(4), 10L * i - behind, random.nextInt(50), 0));
    }
    WindowStrategyModel model = new WindowStrategyModel(assigner, aggregate, LATENESS);
    WatermarkStrategy strategy = WatermarkStrategy.boundedOutOfOrderness(Duration.ofMillis(BOUND));
    model.run(input, strategy);
    assertTrue(model.late.size() > 5 && model.refirings > 5, model.late.size() + " late");

    WindowOperator<Ev, String, String> operator =
        WindowTestFunctions.operator(assigner, aggregate)
            .withAllowedLateness(Duration.ofMillis(LATENESS))
            .withLateOutput(LATE);
    Configuration conf = new Configuration();
    String out = tmp.resolve("out").toUri().toString();
    String late = tmp.resolve("late").toUri().toString();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string());
        FileSink<Ev> lateSink = FileSink.open(late, conf, WindowTestFunctions.EVENTS)) {
      JobDefinition<Ev, String, String> job =
          new JobDefinition<>(
                  new ListSource<>(List.of(input)),
                  Ev::key,
                  Serializers.string(),
                  Ev::timestamp,
                  operator,
                  sink)
              .withWatermarks(strategy)
              .withSideOutput(LATE, lateSink);
      LocalJob.start(
              job,
              RuntimeSettings.defaults()
                  .withWatermarkInterval(1)
                  .withExecution(ExecutionSettings.parse(mode.replace(';', ','))),
              storage)
          .await();
    }
    String what = assignerName + ", aggregate " + aggregate;
    WindowModel.assertSameRows(
        WindowModel.counted(model.rows),
        FileSink.readCommitted(out, conf, Serializers.string()),
        what);
    assertEquals(
        WindowModel.counted(model.late.stream().map(Ev::toString).toList()),
        WindowModel.counted(
            FileSink.readCommitted(late, conf, WindowTestFunctions.EVENTS).stream()
                .map(Ev::toString)
                .toList()),
        what);
    assertEquals(model.late.size(), operator.lateRecords(), what);
    assertEquals(
        0, CheckpointedState.liveEntries(storage, operator, Serializers.string(), 128, tmp), what);
  }

  /** Flink's window rules on one split with a watermark after every record. */
  static final class WindowStrategyModel {
    final WindowAssigner assigner;
    final boolean aggregate;
    final long lateness;
    final List<String> rows = new ArrayList<>();
    final List<Ev> late = new ArrayList<>();
    final Map<String, TreeMap<TimeWindow, List<Long>>> contents = new HashMap<>();
    int refirings;

    WindowStrategyModel(WindowAssigner assigner, boolean aggregate, long lateness) {
      this.assigner = assigner;
      this.aggregate = aggregate;
      this.lateness = lateness;
    }

    void run(List<Ev> input, WatermarkStrategy strategy) {
      long watermark = Long.MIN_VALUE;
      long max = Long.MIN_VALUE;
      for (Ev e : input) {
        boolean added = false;
        for (TimeWindow w : assigner.assignWindows(e.timestamp())) {
          if (w.maxTimestamp() + lateness <= watermark) {
            continue;
          }
          added = true;
          List<Long> values =
              contents
                  .computeIfAbsent(e.key(), k -> new TreeMap<>())
                  .computeIfAbsent(w, x -> new ArrayList<>());
          values.add(e.value());
          if (w.maxTimestamp() <= watermark) {
            refirings++;
            rows.add(WindowTestFunctions.expectedRow(e.key(), w, values, aggregate));
          }
        }
        if (!added) {
          late.add(e);
        }
        max = Math.max(max, e.timestamp());
        long next = strategy.watermark(max);
        if (next > watermark) {
          advance(watermark, next);
          watermark = next;
        }
      }
      advance(watermark, Long.MAX_VALUE);
    }

    private void advance(long from, long to) {
      contents.forEach(
          (key, windows) -> {
            windows.forEach(
                (w, values) -> {
                  if (w.maxTimestamp() > from && w.maxTimestamp() <= to) {
                    rows.add(WindowTestFunctions.expectedRow(key, w, values, aggregate));
                  }
                });
            windows
                .keySet()
                .removeIf(
                    w -> w.maxTimestamp() + lateness > from && w.maxTimestamp() + lateness <= to);
          });
    }
  }
}
