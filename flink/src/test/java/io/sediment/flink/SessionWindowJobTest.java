package io.sediment.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-time session windows on Flink's in-process cluster, with a reduce and with an aggregate:
 * every element opens a window that merges into its key's session, so the reducing and aggregating
 * states' namespace merging runs on every record. Sediment must emit what the HashMap backend
 * emits.
 */
class SessionWindowJobTest {

  private static final int RECORDS = 3_000;
  private static final int KEYS = 5;

  @TempDir Path tmp;

  /**
   * Blocks of 50 records 100 s apart, 10 per key. Within a block a key's records come at 0, 2 s, 1
   * s, 4 s, 3 s, ... 8 s, 7 s, 10 s: with a 1 s gap every second record bridges two sessions that
   * already hold elements, so their contents are merged, and each key ends a block with two
   * sessions ([0, 9 s) and [10 s, 11 s)).
   */
  private static long timestamp(long v) {
    long i = (v % 50) / KEYS;
    long t = i == 0 ? 0 : i % 2 == 1 ? 2_000 * ((i + 1) / 2) : 2_000 * (i / 2) - 1_000;
    return (v / 50) * 100_000 + t;
  }

  private List<String> run(String backend) throws Exception {
    Map<String, String> c = new HashMap<>();
    c.put("state.backend.type", backend);
    c.put("execution.checkpointing.dir", tmp.resolve(backend).toUri().toString());
    c.put("execution.checkpointing.interval", "150 ms");
    c.put("parallelism.default", "2");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(c));
    DataGeneratorSource<Long> source =
        new DataGeneratorSource<>(
            i -> i, RECORDS, RateLimiterStrategy.perSecond(6_000), Types.LONG);
    KeyedStream<Long, Long> keyed =
        env.fromSource(
                source,
                WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                    .withTimestampAssigner((v, t) -> timestamp(v)),
                "numbers")
            .setParallelism(1)
            .keyBy(v -> v % KEYS);
    EventTimeSessionWindows sessions = EventTimeSessionWindows.withGap(Duration.ofSeconds(1));
    DataStream<String> sums =
        keyed.window(sessions).reduce(Long::sum).map(s -> "reduce " + s).returns(Types.STRING);
    DataStream<String> counts =
        keyed
            .window(sessions)
            .aggregate(new CountAndMax())
            .map(s -> "aggregate " + s)
            .returns(Types.STRING);
    List<String> out = new ArrayList<>();
    CloseableIterator<String> it = sums.union(counts).executeAndCollect();
    try {
      it.forEachRemaining(out::add);
    } finally {
      it.close();
    }
    Collections.sort(out);
    return out;
  }

  @Test
  void sessionWindowsMergeTheSameOnSedimentAsOnTheHashMapBackend() throws Exception {
    List<String> expected = run("hashmap");
    // Two sessions per key and block, each reported by the reduce and by the aggregate.
    assertEquals(2 * 2 * (RECORDS / 50) * KEYS, expected.size());
    assertEquals(expected, run(SedimentStateBackendFactory.class.getName()));
  }

  /** Count and maximum of a window's elements, as "count/max". */
  private static final class CountAndMax implements AggregateFunction<Long, long[], String> {
    @Override
    public long[] createAccumulator() {
      return new long[] {0, Long.MIN_VALUE};
    }

    @Override
    public long[] add(Long value, long[] acc) {
      return new long[] {acc[0] + 1, Math.max(acc[1], value)};
    }

    @Override
    public String getResult(long[] acc) {
      return acc[0] + "/" + acc[1];
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      return new long[] {a[0] + b[0], Math.max(a[1], b[1])};
    }
  }
}
