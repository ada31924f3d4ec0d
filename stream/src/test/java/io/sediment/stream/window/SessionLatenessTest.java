package io.sediment.stream.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session windows (gap 10, allowed lateness 20) on a written-out sequence, one split, a watermark
 * of {@code max - 31} after every record: an element that bridges two sessions merges them (one
 * session's contents move into the other's), a session fires at its end and is cleared after its
 * lateness, an element whose merged session is past the lateness goes to the late output, one whose
 * session has fired but is within the lateness fires it at once, and a later element that bridges
 * that fired session and a new one merges them into a session that fires once more.
 */
class SessionLatenessTest {

  private static final OutputTag<Ev> LATE = new OutputTag<>("late", WindowTestFunctions.EVENTS);

  @TempDir Path tmp;

  @ParameterizedTest(name = "aggregate {0}, {1}")
  @CsvSource({"true, buffer-size=3;buffer-timeout=PT0.001S", "false, execution-mode=sync"})
  void sessionsMergeFireAgainWithinTheLatenessAndDropBeyondIt(boolean aggregate, String mode)
      throws Exception {
    List<Ev> input =
        List.of(
            ev("b", 200), // [200, 210)                                    watermark 169
            ev("b", 220), // [220, 230)                                    watermark 189
            ev("b", 210), // bridges both: [200, 230)
            ev("z", 300), // watermark 269: [200, 230) fires at 229, is cleared at 249
            ev("b", 205), // [205, 215): cleanup 234 <= 269, too late: side output
            ev("b", 250), // [250, 260) has ended (259 <= 269), within lateness: fires at once
            ev("b", 262), // [262, 272): a new session
            ev("b", 258), // bridges [250, 260) and [262, 272): [250, 272), not yet at its end
            ev("z", 400)); // watermark 369: [250, 272) fires at 271
    List<String> expected =
        aggregate
            ? List.of(
                "b,200,230,sum=630,n=3",
                "b,250,260,sum=250,n=1",
                "b,250,272,sum=770,n=3",
                "z,300,310,sum=300,n=1",
                "z,400,410,sum=400,n=1")
            : List.of(
                "b,200,230,values=[200, 210, 220]",
                "b,250,260,values=[250]",
                "b,250,272,values=[250, 258, 262]",
                "z,300,310,values=[300]",
                "z,400,410,values=[400]");
    WindowOperator<Ev, String, String> operator =
        WindowTestFunctions.operator(
                WindowAssigner.sessionEventTime(Duration.ofMillis(10)), aggregate)
            .withAllowedLateness(Duration.ofMillis(20))
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
              .withWatermarks(WatermarkStrategy.boundedOutOfOrderness(Duration.ofMillis(30)))
              .withSideOutput(LATE, lateSink);
      LocalJob.start(
              job,
              RuntimeSettings.defaults()
                  .withWatermarkInterval(1)
                  .withExecution(ExecutionSettings.parse(mode.replace(';', ','))),
              storage)
          .await();
    }
    WindowModel.assertSameRows(
        WindowModel.counted(expected),
        FileSink.readCommitted(out, conf, Serializers.string()),
        "sessions, aggregate " + aggregate);
    assertEquals(
        List.of(ev("b", 205)), FileSink.readCommitted(late, conf, WindowTestFunctions.EVENTS));
    assertEquals(1, operator.lateRecords());
    assertEquals(
        0, CheckpointedState.liveEntries(storage, operator, Serializers.string(), 128, tmp));
  }

  private static Ev ev(String key, long timestamp) {
    return new Ev(key, timestamp, timestamp, 0);
  }
}
