package io.sediment.stream.window;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.runtime.FileSink;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.JobStorage;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.ListSource;
import io.sediment.stream.runtime.LocalJob;
import io.sediment.stream.runtime.ManualClock;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.OutputTag;
import io.sediment.stream.runtime.RuntimeSettings;
import io.sediment.stream.window.WindowTestFunctions.Ev;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Processing-time windows of each assigner on a manual clock that each record moves forward to its
 * processing time just before it is processed (one split, one instance, sync execution, so the time
 * every record sees is known): windows are assigned by the clock, and fire as it passes their end.
 * The rows equal the model's over the records' processing times.
 */
class ProcessingTimeWindowTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"tumbling", "sliding", "session"})
  void windowsOfProcessingTimeFireAsTheClockPassesTheirEnd(String kind) throws Exception {
    WindowAssigner assigner =
        switch (kind) {
          case "tumbling" -> WindowAssigner.tumblingProcessingTime(Duration.ofMillis(100));
          case "sliding" ->
              WindowAssigner.slidingProcessingTime(Duration.ofMillis(100), Duration.ofMillis(30));
          default ->
              WindowAssigner.sessionProcessingTime(Duration.ofMillis(41)); // odd: no touching
        };
    Random random = new Random(kind.hashCode());
    List<Ev> input = new ArrayList<>();
    long now = 1000;
    for (int i = 0; i < 300; i++) {
      now += 2 + 2 * random.nextInt(20); // strictly rising, even
      input.add(new Ev("k" + random.nextInt(4), i, random.nextInt(50), now));
    }
    long end = now + 10_000;
    List<Ev> withTick = new ArrayList<>(input);
    withTick.add(new Ev("tick", 300, 0, end)); // moves the clock past every window above
    ManualClock clock = new ManualClock(0);
    WindowOperator<Ev, String, String> windows = WindowTestFunctions.operator(assigner, true);
    KeyedOperator<Ev, String, String> clocked =
        new KeyedOperator<>() {
          @Override
          public List<StateDescriptor<?>> states() {
            return windows.states();
          }

          @Override
          public List<OutputTag<?>> sideOutputs() {
            return windows.sideOutputs();
          }

          @Override
          public KeyedProcessor<Ev> open(OperatorContext<String, String> context) {
            KeyedProcessor<Ev> inner = windows.open(context);
            return new KeyedProcessor<>() {
              @Override
              public void process(Ev e, long timestamp) {
                clock.set(e.processingTime());
                inner.process(e, timestamp);
              }

              @Override
              public void onProcessingTime(long timestamp) {
                inner.onProcessingTime(timestamp);
              }
            };
          }
        };
    Configuration conf = new Configuration();
    String out = tmp.resolve("out").toUri().toString();
    try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
      JobDefinition<Ev, String, String> job =
          new JobDefinition<>(
              new ListSource<>(List.of(withTick)),
              Ev::key,
              Serializers.string(),
              Ev::timestamp,
              clocked,
              sink);
      LocalJob.start(
              job,
              RuntimeSettings.defaults()
                  .withClock(clock)
                  .withExecution(ExecutionSettings.parse("execution-mode=sync")),
              JobStorage.under(tmp.resolve("job").toUri().toString(), conf))
          .await();
    }
    List<String> rows = new ArrayList<>(FileSink.readCommitted(out, conf, Serializers.string()));
    rows.removeIf(r -> r.startsWith("tick,"));
    WindowModel.assertSameRows(
        WindowModel.rows(input, assigner, true, Ev::processingTime, end), rows, kind);
  }
}
