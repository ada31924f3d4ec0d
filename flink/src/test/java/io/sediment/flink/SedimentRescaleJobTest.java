package io.sediment.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore at another parallelism: a job at parallelism 1 stops with a retained checkpoint, goes on
 * from it at parallelism 3, stops again, and finishes at parallelism 2. The state each key holds at
 * the end (emitted by its end-of-input timer) equals one uninterrupted run on the HashMap backend.
 */
class SedimentRescaleJobTest {

  private static final int RECORDS = 6_000;
  private static final int KEYS = 40;

  @TempDir Path tmp;

  private Map<String, String> config(String backend, int parallelism, String restoreFrom) {
    Map<String, String> c = new HashMap<>();
    c.put("state.backend.type", backend);
    c.put("execution.checkpointing.dir", tmp.resolve("chk").toUri().toString());
    c.put("execution.checkpointing.interval", "150 ms");
    c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    c.put("restart-strategy.type", "none");
    c.put("parallelism.default", Integer.toString(parallelism));
    if (restoreFrom != null) {
      c.put("execution.state-recovery.path", restoreFrom);
      // The stopping phases discard their output, the last one collects it: only the sink differs.
      c.put("execution.state-recovery.ignore-unclaimed-state", "true");
    }
    return c;
  }

  private static DataStream<String> job(StreamExecutionEnvironment env) {
    DataGeneratorSource<Long> source =
        new DataGeneratorSource<>(
            i -> i, RECORDS, RateLimiterStrategy.perSecond(4_000), Types.LONG);
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
        .setParallelism(1)
        .uid("numbers")
        .keyBy(v -> v % KEYS)
        .process(new AllStatesFunction(Long.MAX_VALUE))
        .uid("all-states");
  }

  /**
   * Runs until the job stops itself after {@code stopAt} records; returns its newest checkpoint.
   */
  private String runUntilStopped(Map<String, String> config, long stopAt) throws Exception {
    AllStatesFunction.stopAt(stopAt);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(config));
    job(env).sinkTo(new DiscardingSink<>());
    JobClient client = env.executeAsync();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> client.getJobExecutionResult().get());
    assertTrue(hasStop(e), "the job failed otherwise: " + e);
    return newestCheckpoint(tmp.resolve("chk").resolve(client.getJobID().toString()));
  }

  private static boolean hasStop(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AllStatesFunction.StopJobException) {
        return true;
      }
    }
    return false;
  }

  private static String newestCheckpoint(Path jobDir) throws IOException {
    try (Stream<Path> dirs = Files.list(jobDir)) {
      Path newest =
          dirs.filter(p -> p.getFileName().toString().startsWith("chk-"))
              .filter(p -> Files.exists(p.resolve("_metadata")))
              .max(
                  Comparator.comparingLong(
                      p -> Long.parseLong(p.getFileName().toString().substring(4))))
              .orElseThrow(() -> new AssertionError("no retained checkpoint in " + jobDir));
      return newest.toUri().toString();
    }
  }

  private List<String> finalStates(Map<String, String> config) throws Exception {
    AllStatesFunction.stopAt(Long.MAX_VALUE);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(config));
    List<String> out = new ArrayList<>();
    CloseableIterator<String> it = job(env).executeAndCollect();
    try {
      it.forEachRemaining(
          s -> {
            if (s.startsWith("timer@")) {
              out.add(s);
            }
          });
    } finally {
      it.close();
    }
    Collections.sort(out);
    return out;
  }

  @Test
  void parallelismOneThenThreeThenTwoEndsInTheSameState() throws Exception {
    List<String> expected = finalStates(config("hashmap", 2, null));
    assertEquals(KEYS, expected.size());

    String backend = SedimentStateBackendFactory.class.getName();
    String first = runUntilStopped(config(backend, 1, null), RECORDS / 4);
    String second = runUntilStopped(config(backend, 3, first), RECORDS / 4);
    List<String> actual = finalStates(config(backend, 2, second));
    assertEquals(expected, actual);
  }
}
