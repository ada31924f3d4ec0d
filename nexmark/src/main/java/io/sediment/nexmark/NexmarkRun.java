package io.sediment.nexmark;

import io.sediment.cache.BlockCache;
import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.LocalFileCache;
import io.sediment.fs.FileSystemView;
import io.sediment.lsm.DbOptions;
import io.sediment.stream.runtime.JobStorage;
import io.sediment.stream.runtime.LocalJob;
import io.sediment.stream.runtime.RuntimeSettings;
import io.sediment.stream.runtime.StagedJob;
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
 * events per second over the whole run (the final checkpoint and commit included), the state's
 * size, and how long checkpoints took. Checkpoints are triggered every {@code checkpointEvery}
 * while the job runs, one at a time, each timed from its trigger to its commit.
 *
 * <p>The job (checkpoints, the stores of every stage) lives under {@code <dir>/job} and its output
 * ({@link Query#output}: rows or a changelog table) under {@code <dir>/out}, on any Hadoop file
 * system; {@code dir} must be new or empty (a run restores from what it finds there). The measuring
 * overload puts {@code dir} at {@code <local dir>/run}.
 */
public final class NexmarkRun {

  /**
   * What a run measured.
   *
   * @param query the query's name
   * @param events events of the source
   * @param seconds wall time of the run
   * @param stateBytes bytes under the job's directory at the end: the stores and the retained
   *     checkpoints they share files with
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
    try (QueryOutput out = query.output(base + "/out", conf)) {
      JobStorage storage = JobStorage.under(base + "/job", conf).withStoreOptions(storeOptions);
      runJob(query.job(source, out), settings, storage, checkpointEvery, nanoTime, durations);
    }
    double seconds = (nanoTime.getAsLong() - start) / 1e9;
    long stateBytes;
    try (FileSystemView view = FileSystemView.open(base + "/job", conf)) {
      stateBytes = view.hadoopFileSystem().getContentSummary(view.root()).getLength();
    }
    double mean = durations.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double max = durations.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return new Result(
        query.name(), source.events(), seconds, stateBytes, durations.size(), mean, max);
  }

  private static void runJob(
      StagedJob<?, ?> job,
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
