package io.sediment.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Event-time and processing-time timers (registered, deleted, fired) and a side output, across a
 * cancel, a failure with restore, and a rescale 1 -> 2 -> 3: every timer of the model fires once,
 * each instance fires its timers of a domain in timestamp order (the operator fails the job
 * otherwise), and the main and side outputs are committed exactly once. Also the watermarks of both
 * strategies, record by record.
 */
class TimersAndSideOutputTest {

  /** One input record. */
  record Ev(String key, long timestamp, long value) {}

  static final OutputTag<String> EVEN = new OutputTag<>("even-values", Serializers.string());
  static final StateDescriptor<ValueState<Long>> COUNT =
      StateDescriptor.value("count", Serializers.longs());
  static final long PROCESSING_BASE = 1_000_000;

  @TempDir Path tmp;

  /**
   * Per record: an event-time timer at {@code ts + 10} and one at {@code ts + 11} (deleted again
   * after a state access when the value is even), a processing-time timer at {@code BASE + ts}, a
   * main row with the key's count, and for an even value a side row.
   */
  static KeyedOperator<Ev, String, String> operator(boolean perInstanceOrder) {
    return new KeyedOperator<>() {
      @Override
      public List<StateDescriptor<?>> states() {
        return List.of(COUNT);
      }

      @Override
      public List<OutputTag<?>> sideOutputs() {
        return List.of(EVEN);
      }

      @Override
      public KeyedProcessor<Ev> open(OperatorContext<String, String> ctx) {
        ValueState<Long> count = ctx.state(COUNT);
        return new KeyedProcessor<>() {
          // the order checked: over the instance (sync mode) or per key (async mode, where a
          // timer's body may wait behind its key's unfinished record while others start)
          final Map<String, Long> lastEvent = new HashMap<>();
          final Map<String, Long> lastProcessing = new HashMap<>();

          private String scope() {
            return perInstanceOrder ? "" : ctx.currentKey();
          }

          // timers registered when the clock had passed them fire at once, out of turn
          final java.util.Set<String> registeredDue = new java.util.HashSet<>();

          @Override
          public void process(Ev e, long timestamp) {
            ctx.registerEventTimeTimer(timestamp + 10);
            ctx.registerEventTimeTimer(timestamp + 11);
            if (PROCESSING_BASE + timestamp <= ctx.currentProcessingTime()) {
              registeredDue.add(e.key() + "," + (PROCESSING_BASE + timestamp));
            }
            ctx.registerProcessingTimeTimer(PROCESSING_BASE + timestamp);
            count
                .value()
                .thenCompose(
                    c -> {
                      long n = c == null ? 1 : c + 1;
                      if (e.value() % 2 == 0) {
                        ctx.deleteEventTimeTimer(timestamp + 11);
                        ctx.output(EVEN, "s," + e.key() + "," + timestamp);
                      }
                      ctx.emit("r," + e.key() + "," + n);
                      return count.update(n);
                    });
          }

          @Override
          public void onTimer(long timestamp) {
            long last = lastEvent.getOrDefault(scope(), Long.MIN_VALUE);
            if (timestamp < last) {
              throw new IllegalStateException(timestamp + " fired after " + last);
            }
            lastEvent.put(scope(), timestamp);
            ctx.emit("e," + ctx.currentKey() + "," + timestamp);
          }

          @Override
          public void onProcessingTime(long timestamp) {
            boolean outOfTurn = registeredDue.remove(ctx.currentKey() + "," + timestamp);
            long last = lastProcessing.getOrDefault(scope(), Long.MIN_VALUE);
            if ((timestamp < last && !outOfTurn) || timestamp > ctx.currentProcessingTime()) {
              throw new IllegalStateException(
                  timestamp
                      + " fired after "
                      + lastProcessing
                      + " at "
                      + ctx.currentProcessingTime());
            }
            lastProcessing.put(scope(), Math.max(last, timestamp));
            ctx.emit("p," + ctx.currentKey() + "," + timestamp);
          }
        };
      }
    };
  }

  /** Two splits of ascending timestamps, keys of one split each. */
  static List<List<Ev>> input(long seed, int perSplit) {
    Random random = new Random(seed);
    List<List<Ev>> splits = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      List<Ev> records = new ArrayList<>();
      for (int i = 0; i < perSplit; i++) {
        records.add(new Ev("s" + s + "-k" + random.nextInt(9), i, random.nextInt(100)));
      }
      splits.add(records);
    }
    return splits;
  }

  static Map<String, Integer> model(List<List<Ev>> splits) {
    Map<String, Integer> rows = new TreeMap<>();
    Map<String, Long> counts = new HashMap<>();
    Map<String, TreeSet<Long>> eventTimers = new HashMap<>();
    Map<String, TreeSet<Long>> processingTimers = new HashMap<>();
    for (List<Ev> split : splits) {
      for (Ev e : split) {
        long n = counts.merge(e.key(), 1L, Long::sum);
        rows.merge("r," + e.key() + "," + n, 1, Integer::sum);
        TreeSet<Long> timers = eventTimers.computeIfAbsent(e.key(), k -> new TreeSet<>());
        timers.add(e.timestamp() + 10);
        timers.add(e.timestamp() + 11);
        if (e.value() % 2 == 0) {
          timers.remove(e.timestamp() + 11);
          rows.merge("s," + e.key() + "," + e.timestamp(), 1, Integer::sum);
        }
        processingTimers
            .computeIfAbsent(e.key(), k -> new TreeSet<>())
            .add(PROCESSING_BASE + e.timestamp());
      }
    }
    eventTimers.forEach(
        (k, ts) -> ts.forEach(t -> rows.merge("e," + k + "," + t, 1, Integer::sum)));
    processingTimers.forEach(
        (k, ts) -> ts.forEach(t -> rows.merge("p," + k + "," + t, 1, Integer::sum)));
    return rows;
  }

  static Map<String, Integer> counted(List<String> rows) {
    Map<String, Integer> out = new TreeMap<>();
    rows.forEach(r -> out.merge(r, 1, Integer::sum));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"execution-mode=sync", "buffer-size=5,buffer-timeout=PT0.001S"})
  void timersFireOnceInOrderAndSideOutputIsExactlyOnceAcrossRestoreAndRescale(String mode)
      throws Exception {
    int perSplit = 300;
    List<List<Ev>> splits = input(mode.hashCode(), perSplit);
    ListSource<Ev> source = new ListSource<>(splits).availableUpTo(100);
    ManualClock clock = new ManualClock(0);
    Configuration conf = new Configuration();
    String out = tmp.resolve("out").toUri().toString();
    String side = tmp.resolve("side").toUri().toString();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    RuntimeSettings settings =
        RuntimeSettings.defaults()
            .withMaxParallelism(16)
            .withWatermarkInterval(7)
            .withClock(clock)
            .withExecution(ExecutionSettings.parse(mode));
    try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string());
        FileSink<String> sideSink = FileSink.open(side, conf, Serializers.string())) {
      JobDefinition<Ev, String, String> job =
          new JobDefinition<>(
                  source,
                  Ev::key,
                  Serializers.string(),
                  Ev::timestamp,
                  operator(mode.contains("sync")),
                  sink)
              .withSideOutput(EVEN, sideSink);

      long first; // records before 100 read; no processing-time timer due yet
      try (LocalJob<?, ?, ?> run = LocalJob.start(job, settings, storage)) {
        first = run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      }

      // restored at 2: half of the processing-time timers come due, then a failure after a
      // checkpoint: what fired after it is fired again by the next run
      source.availableUpTo(200);
      clock.set(PROCESSING_BASE + 150);
      LocalJob<?, ?, ?> second = LocalJob.start(job, settings.withParallelism(2), storage);
      assertEquals(first, second.restoredFrom().getAsLong());
      long secondCheckpoint = second.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      clock.set(PROCESSING_BASE + 190);
      source.failNextRead();
      IOException failed = assertThrows(IOException.class, second::await);
      assertTrue(failed.getCause().getMessage().contains("injected failure"), failed.toString());

      // restored at 3, every timer due
      clock.set(PROCESSING_BASE + perSplit);
      source.availableUpTo(perSplit);
      LocalJob<?, ?, ?> third = LocalJob.start(job, settings.withParallelism(3), storage);
      assertEquals(secondCheckpoint, third.restoredFrom().getAsLong());
      third.await();
    }
    List<String> all = new ArrayList<>(FileSink.readCommitted(out, conf, Serializers.string()));
    all.addAll(FileSink.readCommitted(side, conf, Serializers.string()));
    assertEquals(model(splits), counted(all), mode);
    assertTrue(
        FileSink.readCommitted(side, conf, Serializers.string()).stream()
            .allMatch(r -> r.startsWith("s,")));
  }

  @Test
  void watermarksFollowTheStrategyAndLateRecordsAreThoseAtOrBehindIt() throws Exception {
    Random random = new Random(7);
    List<Ev> records = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // up to 12 behind the position: past a bound of 8 now and then
      records.add(new Ev("k" + random.nextInt(5), 1000 + i - random.nextInt(13), 0));
    }
    for (WatermarkStrategy strategy :
        List.of(
            WatermarkStrategy.ascending(),
            WatermarkStrategy.boundedOutOfOrderness(Duration.ofMillis(8)))) {
      List<String> expected = new ArrayList<>();
      long max = Long.MIN_VALUE;
      long watermark = Long.MIN_VALUE;
      int late = 0;
      for (Ev e : records) {
        boolean isLate = e.timestamp() <= watermark;
        late += isLate ? 1 : 0;
        expected.add(e.timestamp() + "," + watermark + "," + isLate);
        max = Math.max(max, e.timestamp());
        watermark = Math.max(watermark, strategy.watermark(max));
      }
      assertTrue(late > 0, strategy + " has late records in this input");
      String name = strategy.boundMillis() == 0 ? "ascending" : "bounded";
      Configuration conf = new Configuration();
      String out = tmp.resolve("out-" + name).toUri().toString();
      KeyedOperator<Ev, String, String> observer =
          new KeyedOperator<>() {
            @Override
            public List<StateDescriptor<?>> states() {
              return List.of();
            }

            @Override
            public KeyedProcessor<Ev> open(OperatorContext<String, String> ctx) {
              return (e, ts) ->
                  ctx.emit(
                      ts + "," + ctx.currentWatermark() + "," + (ts <= ctx.currentWatermark()));
            }
          };
      try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
        JobDefinition<Ev, String, String> job =
            new JobDefinition<>(
                    new ListSource<>(List.of(records)),
                    Ev::key,
                    Serializers.string(),
                    Ev::timestamp,
                    observer,
                    sink)
                .withWatermarks(strategy);
        LocalJob.start(
                job,
                RuntimeSettings.defaults()
                    .withWatermarkInterval(1)
                    .withExecution(ExecutionSettings.parse("execution-mode=sync")),
                JobStorage.under(tmp.resolve("job-" + name).toUri().toString(), conf))
            .await();
      }
      assertEquals(expected, FileSink.readCommitted(out, conf, Serializers.string()), name);
    }
  }
}
