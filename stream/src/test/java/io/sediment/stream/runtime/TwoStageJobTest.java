package io.sediment.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A two-stage job ({@link TwoStageJob}: a count per key, re-keyed into event-time window sums) run
 * as a cancelled run, a failed run and a run to the end, and restored at other parallelisms: the
 * committed output must be the model's rows, each exactly once, which needs checkpoints that are
 * one cut across both stages and watermarks that flow through the exchange.
 */
class TwoStageJobTest {

  @TempDir Path tmp;

  private RuntimeSettings settings(String mode) {
    return RuntimeSettings.defaults()
        .withMaxParallelism(16)
        .withWatermarkInterval(20)
        .withChannelCapacity(32)
        .withExecution(ExecutionSettings.parse(mode));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "execution-mode=sync",
        "epoch-mode=parallel-between-epochs,buffer-size=16,in-flight-records-limit=5"
      })
  void eachResultIsCommittedOnceAcrossCancelFailureAndRestore(String mode) throws Exception {
    GeneratedSource source = new GeneratedSource(mode.hashCode(), 3, 600, 7).availableUpTo(200);
    Configuration conf = new Configuration();
    String out = tmp.resolve("out").toUri().toString();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    RuntimeSettings settings = settings(mode).withParallelism(2);
    try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
      StagedJob<GeneratedSource.Event, String> job = TwoStageJob.definition(source, sink);
      assertEquals(2, job.stageCount());
      long first;
      try (LocalJob<?, ?, ?> run = LocalJob.start(job, settings, storage)) {
        first = run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      }
      source.availableUpTo(400);
      LocalJob<?, ?, ?> second = LocalJob.start(job, settings, storage);
      assertEquals(OptionalLong.of(first), second.restoredFrom());
      long secondCheckpoint = second.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      source.failNextRead();
      IOException failed = assertThrows(IOException.class, second::await);
      assertTrue(failed.getCause().getMessage().contains("injected failure"), failed.toString());

      source.availableUpTo(600);
      LocalJob<?, ?, ?> third = LocalJob.start(job, settings, storage);
      assertEquals(OptionalLong.of(secondCheckpoint), third.restoredFrom());
      third.await();
    }
    TwoStageJob.check(source, FileSink.readCommitted(out, conf, Serializers.string()), mode);
  }

  @Test
  void bothStagesRescaleTwoThenThreeThenOne() throws Exception {
    GeneratedSource source = new GeneratedSource(5, 2, 900, 9).availableUpTo(300);
    Configuration conf = new Configuration();
    String out = tmp.resolve("out").toUri().toString();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    RuntimeSettings settings = settings("buffer-size=8,buffer-timeout=PT0.001S");
    try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
      StagedJob<GeneratedSource.Event, String> job = TwoStageJob.definition(source, sink);
      int[] parallelisms = {2, 3};
      for (int i = 0; i < parallelisms.length; i++) {
        try (LocalJob<?, ?, ?> run =
            LocalJob.start(job, settings.withParallelism(parallelisms[i]), storage)) {
          run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
        }
        source.availableUpTo(300L * (i + 2));
      }
      LocalJob.start(job, settings.withParallelism(1), storage).await();
    }
    TwoStageJob.check(
        source, FileSink.readCommitted(out, conf, Serializers.string()), "2 -> 3 -> 1");
  }

  @Test
  void theBuilderRefusesWhatCannotRun() throws Exception {
    GeneratedSource source = new GeneratedSource(3, 1, 10, 3);
    OutputTag<String> tag = new OutputTag<>("late", Serializers.string());
    try (FileSink<String> sink =
        FileSink.open(
            tmp.resolve("out").toUri().toString(), new Configuration(), Serializers.string())) {
      TransactionalSink<GeneratedSource.Event> events =
          new TransactionalSink<>() {
            @Override
            public SinkWriter<GeneratedSource.Event> writer(int instance, long attempt) {
              throw new IllegalStateException("a job without stages never runs");
            }

            @Override
            public void commit(long checkpointId, java.util.List<byte[]> staged) {
              throw new IllegalStateException("a job without stages never runs");
            }
          };
      assertThrows(
          IllegalArgumentException.class, () -> StagedJob.from(source).into(events), "no stage");
      assertThrows(
          IllegalArgumentException.class,
          () -> StagedJob.from(source).sideOutput(tag, sink),
          "a side output before any stage");
      IllegalArgumentException undeclared =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  StagedJob.from(source)
                      .stage(
                          GeneratedSource.Event::key,
                          Serializers.string(),
                          GeneratedSource.Event::timestamp,
                          TwoStageJob.counter())
                      .sideOutput(tag, sink));
      assertTrue(undeclared.getMessage().contains("late"), undeclared.getMessage());
      assertThrows(IllegalArgumentException.class, () -> StagedJob.from(null));
    }
  }

  @Test
  void aCheckpointOfAnotherNumberOfStagesIsRefused() throws Exception {
    GeneratedSource source = new GeneratedSource(3, 1, 50, 3);
    Configuration conf = new Configuration();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    try (FileSink<String> sink =
        FileSink.open(tmp.resolve("out").toUri().toString(), conf, Serializers.string())) {
      LocalJob.start(CountingJob.definition(source, sink), settings("execution-mode=sync"), storage)
          .await();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  LocalJob.start(
                      TwoStageJob.definition(source, sink),
                      settings("execution-mode=sync"),
                      storage));
      assertTrue(e.getMessage().contains("1 stages; the job has"), e.getMessage());
    }
  }
}
