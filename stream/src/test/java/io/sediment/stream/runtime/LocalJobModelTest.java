package io.sediment.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import java.io.IOException;
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
 * The keyed counting job ({@link CountingJob}: value, list and timer state) across parallelism 1 to
 * 4 and the controller's modes, run in three parts: a run cancelled after a mid-stream checkpoint,
 * a restored run that fails after another one, and a restored run to the end. The committed output
 * must be the model's rows, each exactly once. {@code -Dstream.seed=S} changes the input.
 */
class LocalJobModelTest {

  private static final long SEED = Long.getLong("stream.seed", 20261207L);
  private static final long PER_SPLIT = 600;

  @TempDir Path tmp;

  static Stream<Arguments> configurations() {
    List<Arguments> out = new ArrayList<>();
    String[] modes = {
      "execution-mode=sync",
      "buffer-size=7,buffer-timeout=PT0.001S",
      "epoch-mode=parallel-between-epochs,buffer-size=16,in-flight-records-limit=5"
    };
    for (int p = 1; p <= 4; p++) {
      for (String mode : modes) {
        out.add(Arguments.of(p, mode));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "parallelism {0}, {1}")
  @MethodSource("configurations")
  void eachResultIsCommittedOnceAcrossCancelFailureAndRestore(int parallelism, String mode)
      throws Exception {
    long seed = SEED + 31L * parallelism + mode.hashCode();
    GeneratedSource source = new GeneratedSource(seed, 3, PER_SPLIT, 7).availableUpTo(200);
    Configuration conf = new Configuration();
    String out = tmp.resolve("out").toUri().toString();
    RuntimeSettings settings =
        RuntimeSettings.defaults()
            .withParallelism(parallelism)
            .withMaxParallelism(32)
            .withWatermarkInterval(25)
            .withChannelCapacity(64)
            .withExecution(ExecutionSettings.parse(mode));
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
      JobDefinition<GeneratedSource.Event, String, String> job =
          CountingJob.definition(source, sink);

      long first;
      try (LocalJob<?, ?, ?> run = LocalJob.start(job, settings, storage)) {
        assertEquals(OptionalLong.empty(), run.restoredFrom());
        first = run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      } // cancels: the input beyond offset 200 is not there yet

      source.availableUpTo(400);
      LocalJob<?, ?, ?> second = LocalJob.start(job, settings, storage);
      assertEquals(OptionalLong.of(first), second.restoredFrom());
      long secondCheckpoint = second.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      assertTrue(secondCheckpoint > first, secondCheckpoint + " after " + first);
      source.failNextRead();
      IOException failed = assertThrows(IOException.class, second::await);
      assertTrue(failed.getCause().getMessage().contains("injected failure"), failed.toString());

      source.availableUpTo(PER_SPLIT);
      LocalJob<?, ?, ?> third = LocalJob.start(job, settings, storage);
      assertEquals(OptionalLong.of(secondCheckpoint), third.restoredFrom());
      JobResult result = third.await();
      assertTrue(result.checkpointsCompleted() >= 1, result.toString());
    }
    CountingJob.check(
        source,
        FileSink.readCommitted(out, conf, Serializers.string()),
        "parallelism " + parallelism + ", " + mode + ", seed " + seed);
  }
}
