package io.sediment.nexmark;

import io.sediment.cache.BlockCache;
import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.LocalFileCache;
import io.sediment.fs.FileSystemView;
import io.sediment.lsm.DbOptions;
import io.sediment.stream.Serializers;
import io.sediment.stream.runtime.FileSink;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.JobStorage;
import io.sediment.stream.runtime.LocalJob;
import io.sediment.stream.runtime.RuntimeSettings;
import io.sediment.stream.runtime.Source;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;

/**
 * Runs a query over a {@link NexmarkSource} to the end on the stream runtime and measures it: the
 * events per second over the whole run (every stage, the final checkpoints and commits included),
 * the state's size, and how long checkpoints took. Checkpoints are triggered every {@code
 * checkpointEvery} while a stage runs, one at a time, each timed from its trigger to its commit.
 *
 * <p>Stage {@code i} keeps its job (checkpoints, stores) under {@code <dir>/stage-i/job} and its
 * output under {@code <dir>/stage-i/out} ({@link FileSink}), on any Hadoop file system; {@code dir}
 * must be new or empty (a run restores from what it finds there). The measuring overload puts
 * {@code dir} at {@code <local dir>/run}. A later stage reads the committed rows of the stage
 * before into memory; the last stage's output is left where it is.
 */
public final class NexmarkRun {

  /**
   * What a run measured.
   *
   * @param query the query's name
   * @param events events of the source
   * @param seconds wall time of the run, every stage
   * @param stateBytes bytes under the stages' job directories at the end: the stores and the
   *     retained checkpoints they share files with
   * @param checkpoints checkpoints triggered and completed during the run
   * @param meanCheckpointMillis their mean duration, trigger to commit (NaN without any)
   * @param maxCheckpointMillis the longest (NaN without any)
   */
  public record Result(
      String query,
      long events,
      double seconds,
      long stateBytes,
      int checkpoints,
      double meanCheckpointMillis,
      double maxCheckpointMillis) {

    /** Events per second of wall time. */
    public double eventsPerSecond() {
      return events / seconds;
    }
  }

  private NexmarkRun() {}

  /**
   * Runs {@code query} over {@code source} in {@code mode} under local directory {@code dir} (new
   * or empty): the job on {@code mode}'s file system ({@code latencyMs} per operation with
   * latency), {@code parallelism} instances, one block cache of {@code tierBytes} shared by every
   * store and, with latency, one local-disk file cache of {@code tierBytes} in {@code
   * <dir>/file-cache}.
   *
   * @throws IllegalArgumentException if an argument is null or out of range
   * @throws IOException naming what failed
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(
      Query query,
      NexmarkSource source,
      NexmarkMode mode,
      int parallelism,
      java.nio.file.Path dir,
      long latencyMs,
      long tierBytes,
      Duration checkpointEvery,
      LongSupplier nanoTime)
      throws IOException, InterruptedException {
    if (mode == null || dir == null) {
      throw new IllegalArgumentException("mode and dir must not be null");
    }
    if (tierBytes < 1) {
      throw new IllegalArgumentException("tierBytes must be positive: " + tierBytes);
    }
    RuntimeSettings settings =
        RuntimeSettings.defaults().withParallelism(parallelism).withExecution(mode.execution());
    try (BlockCache blockCache = BlockCache.create(tierBytes);
        LocalFileCache fileCache =
            mode.latency()
                ? LocalFileCache.open(
                    dir.resolve("file-cache"), tierBytes, FileCacheOptions.defaults())
                : null) {
      return run(
          query,
          source,
          settings,
          mode.uri(dir.resolve("run")),
          mode.configuration(latencyMs),
          mode.storeOptions(blockCache, fileCache),
          checkpointEvery,
          nanoTime);
    }
  }

  /**
   * Runs {@code query} over {@code source} under {@code dir}.
   *
   * @param storeOptions completes each store's options (tiers, caches)
   * @param nanoTime the clock that times the run
   * @throws IllegalArgumentException if an argument is null or {@code checkpointEvery} is not
   *     positive
   * @throws IOException naming what failed, with the job's failure as the cause
   * @throws InterruptedException if interrupted while waiting (the job is closed)
   */
  public static Result run(
      Query query,
      NexmarkSource source,
      RuntimeSettings settings,
      String dir,
      Configuration conf,
      UnaryOperator<DbOptions.Builder> storeOptions,
      Duration checkpointEvery,
      LongSupplier nanoTime)
      throws IOException, InterruptedException {
    if (query == null
        || source == null
        || settings == null
        || dir == null
        || conf == null
        || storeOptions == null
        || checkpointEvery == null
        || nanoTime == null) {
      throw new IllegalArgumentException("every argument of a run is needed");
    }
    if (checkpointEvery.isNegative() || checkpointEvery.isZero()) {
      throw new IllegalArgumentException("checkpointEvery must be positive: " + checkpointEvery);
    }
    String base = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    List<Double> durations = new ArrayList<>();
    long start = nanoTime.getAsLong();
    List<String> rows = null;
    long stateBytes = 0;
    for (int stage = 0; stage < query.stages(); stage++) {
      String stageDir = base + "/stage-" + stage;
      String out = stageDir + "/out";
      Source<String> previous = rows == null ? null : new ListSource<>(rows, source.splits());
      try (FileSink<String> sink = FileSink.open(out, conf, Serializers.string())) {
        JobDefinition<?, ?, String> job = query.stage(stage, source, previous, sink);
        JobStorage storage =
            JobStorage.under(stageDir + "/job", conf).withStoreOptions(storeOptions);
        runStage(job, settings, storage, checkpointEvery, nanoTime, durations);
      }
      if (stage + 1 < query.stages()) {
        rows = FileSink.readCommitted(out, conf, Serializers.string());
      }
    }
    double seconds = (nanoTime.getAsLong() - start) / 1e9;
    for (int stage = 0; stage < query.stages(); stage++) {
      try (FileSystemView view = FileSystemView.open(base + "/stage-" + stage + "/job", conf)) {
        stateBytes += view.hadoopFileSystem().getContentSummary(view.root()).getLength();
      }
    }
    double mean = durations.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double max = durations.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return new Result(
        query.name(), source.events(), seconds, stateBytes, durations.size(), mean, max);
  }

  private static void runStage(
      JobDefinition<?, ?, String> job,
      RuntimeSettings settings,
      JobStorage storage,
      Duration every,
      LongSupplier nanoTime,
      List<Double> durations)
      throws IOException, InterruptedException {
    LocalJob<?, ?, ?> running = LocalJob.start(job, settings, storage);
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                running.await();
                done.complete(null);
              } catch (IOException | InterruptedException | RuntimeException e) {
                done.completeExceptionally(e);
              }
            },
            "nexmark-await");
    waiter.setDaemon(true);
    waiter.start();
    try {
      while (!done.isDone()) {
        try {
          done.get(every.toMillis(), TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          long t0 = nanoTime.getAsLong();
          try {
            running.triggerCheckpoint().get();
            durations.add((nanoTime.getAsLong() - t0) / 1e6);
          } catch (ExecutionException ended) {
            // the job finished (or failed) meanwhile: the wait below tells which
          }
        } catch (ExecutionException e) {
          break;
        }
      }
      waiter.join();
      try {
        done.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        throw new IOException("the job under " + storage.jobUri() + " failed: " + cause, cause);
      }
    } finally {
      running.close();
    }
  }
}
