package io.sediment.stream.runtime;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/**
 * A child JVM running the counting job until its input ends (or until the test kills it): {@code
 * <jobUri> <sinkUri> <seed> <splits> <perSplit> <keysPerSplit> <parallelism> <checkpoint ms>
 * <execution settings> [two-stage]}; with {@code two-stage}, the {@link TwoStageJob} instead.
 * Prints {@code done <attempt> <restored from>} and exits 0 when the job finished.
 */
public final class CrashingJobProcess {

  private CrashingJobProcess() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    GeneratedSource source =
        new GeneratedSource(
            Long.parseLong(args[2]),
            Integer.parseInt(args[3]),
            Long.parseLong(args[4]),
            Integer.parseInt(args[5]));
    RuntimeSettings settings =
        RuntimeSettings.defaults()
            .withParallelism(Integer.parseInt(args[6]))
            .withMaxParallelism(32)
            .withCheckpointInterval(Duration.ofMillis(Long.parseLong(args[7])))
            .withWatermarkInterval(50)
            .withExecution(ExecutionSettings.parse(args[8]));
    boolean twoStage = args.length > 9 && args[9].equals("two-stage");
    try (FileSink<String> sink = FileSink.open(args[1], conf, Serializers.string())) {
      JobStorage storage = JobStorage.under(args[0], conf);
      // Two stages: short channels, so that a barrier waits behind few records at each exchange
      // and a run completes checkpoints before the test kills it.
      LocalJob<?, ?, ?> job =
          twoStage
              ? LocalJob.start(
                  TwoStageJob.definition(source, sink), settings.withChannelCapacity(64), storage)
              : LocalJob.start(CountingJob.definition(source, sink), settings, storage);
      JobResult result = job.await();
      System.out.println("done " + result.attempt() + " " + result.restoredFrom());
    }
    System.exit(0);
  }
}
