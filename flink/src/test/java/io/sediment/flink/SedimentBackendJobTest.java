package io.sediment.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real jobs on Flink's in-process cluster: the same keyed job on the HashMap backend and on
 * Sediment, with checkpoints every 150 ms and (on Sediment) a failure after a completed checkpoint
 * and an automatic restore. Results come through Flink's collect sink, which is exactly-once with
 * checkpointing, so both runs must emit the same records.
 */
class SedimentBackendJobTest {

  private static final int RECORDS = 6_000;
  private static final int KEYS = 40;

  @TempDir Path tmp;

  private Map<String, String> baseConfig(String backend) {
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
            .process(new AllStatesFunction(failAfter))
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
  void everyStateTypeAndTimersMatchTheHashMapBackendAcrossAFailure() throws Exception {
    List<String> expected = run(baseConfig("hashmap"), Long.MAX_VALUE);
    assertEquals(RECORDS + KEYS, expected.size());

    AllStatesFunction.FAILED.set(false);
    Map<String, String> c = baseConfig(SedimentStateBackendFactory.class.getName());
    List<String> actual = run(c, RECORDS / 4);
    assertTrue(AllStatesFunction.FAILED.get(), "the induced failure did not happen");
    assertEquals(expected, actual);
  }

  @Test
  void badCompressionFailsNamingTheOption() {
    Map<String, String> c = baseConfig(SedimentStateBackendFactory.class.getName());
    c.put("state.backend.sediment.compression", "snappy");
    IllegalConfigurationException e =
        assertThrows(
            IllegalConfigurationException.class,
            () ->
                new SedimentStateBackendFactory()
                    .createFromConfig(Configuration.fromMap(c), getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("state.backend.sediment.compression"), e.getMessage());
  }

  @Test
  void unwritablePrimaryDirFailsNamingTheOption() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    Map<String, String> c = baseConfig(SedimentStateBackendFactory.class.getName());
    c.put("state.backend.sediment.primary-dir", file.resolve("below").toUri().toString());
    IllegalConfigurationException e =
        assertThrows(
            IllegalConfigurationException.class,
            () ->
                new SedimentStateBackendFactory()
                    .createFromConfig(Configuration.fromMap(c), getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("state.backend.sediment.primary-dir"), e.getMessage());
  }
}
