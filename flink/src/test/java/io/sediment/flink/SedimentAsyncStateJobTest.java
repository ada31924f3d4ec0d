package io.sediment.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State V2 jobs ({@code enableAsyncState()}) on Flink's in-process cluster: the same keyed job on
 * the HashMap backend (Flink's synchronous adaptor) and on Sediment (its batched executor), with
 * checkpoints every 150 ms and, on Sediment, a failure after a completed checkpoint and an
 * automatic restore. Results come through the exactly-once collect sink, so both runs emit the same
 * records; the Sediment run must have gone through the executor in batches of more than one
 * request.
 */
class SedimentAsyncStateJobTest {

  private static final int RECORDS = 4_000;
  private static final int KEYS = 40;

  @TempDir Path tmp;

  private Map<String, String> config(String backend) {
    Map<String, String> c = new HashMap<>();
    c.put("state.backend.type", backend);
    c.put("execution.checkpointing.dir", tmp.resolve("chk").toUri().toString());
    c.put("execution.checkpointing.interval", "150 ms");
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", "3");
    c.put("restart-strategy.fixed-delay.delay", "10 ms");
    c.put("parallelism.default", "2");
    return c;
  }

  private List<String> run(Map<String, String> config, long failAfter) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(config));
    DataGeneratorSource<Long> source =
        new DataGeneratorSource<>(
            i -> i, RECORDS, RateLimiterStrategy.perSecond(4_000), Types.LONG);
    List<String> out = new ArrayList<>();
    CloseableIterator<String> it =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
            .setParallelism(1) // one source: each key sees its records in one order in every run
            .keyBy(v -> v % KEYS)
            .enableAsyncState()
            .process(new AsyncAllStatesFunction(failAfter))
            .executeAndCollect();
    try {
      it.forEachRemaining(out::add);
    } finally {
      it.close();
    }
    Collections.sort(out);
    return out;
  }

  @Test
  void everyV2StateTypeMatchesTheHashMapBackendAcrossAFailureInBatches() throws Exception {
    AsyncAllStatesFunction.FAILED.set(true); // no failure on the reference run
    List<String> expected = run(config("hashmap"), Long.MAX_VALUE);
    assertEquals(RECORDS + KEYS, expected.size());

    AsyncAllStatesFunction.FAILED.set(false);
    long batchesBefore = StateExecutorStats.batches();
    long requestsBefore = StateExecutorStats.requests();
    List<String> actual = run(config(SedimentStateBackendFactory.class.getName()), RECORDS / 4);
    assertTrue(AsyncAllStatesFunction.FAILED.get(), "the induced failure did not happen");
    assertEquals(expected, actual);

    long batches = StateExecutorStats.batches() - batchesBefore;
    long requests = StateExecutorStats.requests() - requestsBefore;
    assertTrue(batches > 0, "no request went through the Sediment state executor");
    assertTrue(
        StateExecutorStats.largestBatch() > 1,
        "every batch held one request: " + batches + " batches, " + requests + " requests");
    assertTrue(requests > batches, batches + " batches for " + requests + " requests");
  }
}
