package io.sediment.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counting job restored at another parallelism, 2 -> 3 -> 1: each run checkpoints mid-stream
 * and is cancelled; the next restores every instance from the store checkpoints whose key groups
 * meet its own (value, list and timer state move with their key groups). The committed output must
 * be the model's rows, each exactly once.
 */
class RescaleJobTest {

  @TempDir Path tmp;

  @Test
  void twoThenThreeThenOneInstancesCommitEachResultOnce() throws Exception {
    GeneratedSource source = new GeneratedSource(11, 2, 900, 9).availableUpTo(300);
    Configuration conf = new Configuration();
    String out = tmp.resolve("out").toUri().toString();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    RuntimeSettings settings =
        RuntimeSettings.defaults()
            .withMaxParallelism(16)
            .withWatermarkInterval(20)
            .withExecution(ExecutionSettings.parse("buffer-size=8,buffer-timeout=PT0.001S"));
    try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
      JobDefinition<GeneratedSource.Event, String, String> job =
          CountingJob.definition(source, sink);
      long previous = -1;
      int[] parallelisms = {2, 3};
      for (int i = 0; i < parallelisms.length; i++) {
        try (LocalJob<?, ?, ?> run =
            LocalJob.start(job, settings.withParallelism(parallelisms[i]), storage)) {
          assertEquals(
              previous < 0 ? OptionalLong.empty() : OptionalLong.of(previous), run.restoredFrom());
          previous = run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
        }
        source.availableUpTo(300L * (i + 2));
      }
      LocalJob<?, ?, ?> last = LocalJob.start(job, settings.withParallelism(1), storage);
      assertEquals(OptionalLong.of(previous), last.restoredFrom());
      assertTrue(last.await().checkpointsCompleted() >= 1);
    }
    CountingJob.check(
        source, FileSink.readCommitted(out, conf, Serializers.string()), "2 -> 3 -> 1");
  }
}
