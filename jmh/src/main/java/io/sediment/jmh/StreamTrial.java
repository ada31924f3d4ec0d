package io.sediment.jmh;

import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbStats;
import io.sediment.stream.DelayScheduler;
import io.sediment.stream.ExecutionController;
import io.sediment.stream.ExecutionMode;
import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.KeyedStateStore;
import io.sediment.stream.Serializers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One trial of the stream benchmark: a fresh state of {@link StreamParams#keys()} keys, built on
 * the local disk (a counter and a one-element list per key, flushed and compacted), reopened in the
 * trial's {@link StreamConfig} (file system and tiers), warmed, then {@link StreamRmwJob} records
 * submitted by this thread, the task thread, for {@link StreamParams#seconds()} and drained. The
 * rate counts the drain: every record measured has finished, its callbacks run, when the clock
 * stops.
 *
 * <p>Every trial builds its own state, so trials of one run start from identical stores whatever
 * ran before them; the directory is deleted afterwards.
 */
final class StreamTrial {

  /** The store's key groups: all 128 of a job of maxParallelism 128, as one instance holds them. */
  static final int MAX_PARALLELISM = 128;

  private static final long BUILD_MEMTABLE_BYTES = 64L << 20;
  private static final long BUILD_CACHE_BYTES = 8L << 20;
  private static final long CACHED_HEADROOM_BYTES = 64L << 20;

  /** The smallest tier: a few 4 KiB blocks, so that even a tiny state is not all cached. */
  private static final long MIN_TIER_BYTES = 64L << 10;

  private static final long MEASURE_SEED = 1_000;
  private static final long WARM_SEED = 2_000;

  /**
   * What a trial measured.
   *
   * @param records records submitted and finished while the clock ran
   * @param seconds wall time from the first submit to the end of the drain
   * @param stateBytes SST bytes of the state when the trial opened it
   * @param blockCacheBytes the block cache's budget
   * @param fileCacheBytes the file cache's budget, 0 without one
   * @param blockCacheHitRate block cache hits per lookup while the clock ran
   * @param fileCacheHitRate file cache hits per lookup while the clock ran (NaN without one)
   * @param batches batches the controller sent while the clock ran (0 in sync mode)
   * @param buildSeconds wall time of building the state (not measured)
   * @param trialSeconds wall time of the whole trial: building, warming, measuring
   */
  record Result(
      StreamConfig config,
      int pass,
      long records,
      double seconds,
      long stateBytes,
      long blockCacheBytes,
      long fileCacheBytes,
      double blockCacheHitRate,
      double fileCacheHitRate,
      long batches,
      double buildSeconds,
      double trialSeconds) {

    double recordsPerSecond() {
      return records / seconds;
    }
  }

  private StreamTrial() {}

  /**
   * Runs {@code config} in a fresh directory under {@code base}.
   *
   * @throws IOException naming the directory or store that failed
   * @throws io.sediment.stream.AsyncExecutionException if a record failed (a key without state)
   */
  static Result run(StreamConfig config, int pass, StreamParams p, Path base) throws IOException {
    Files.createDirectories(base);
    Path dir = Files.createTempDirectory(base, "stream-" + config.name().toLowerCase() + "-");
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    long trialStart = System.nanoTime();
    try {
      Path stateDir = dir.resolve("state");
      long stateBytes = build(stateDir, p.keys());
      double buildSeconds = (System.nanoTime() - trialStart) / 1e9;
      long blockCache =
          config.cached
              ? 2 * stateBytes + CACHED_HEADROOM_BYTES
              : Math.max(MIN_TIER_BYTES, stateBytes * p.cachePercent() / 100);
      long fileCache = config.fileCache() ? blockCache : 0;
      DbOptions.Builder options =
          DbOptions.builder(config.fs.uri(stateDir))
              .settings(BenchSettings.of(p.memtableBytes(), blockCache))
              .hadoopConfiguration(config.fs.configuration());
      if (fileCache > 0) {
        options
            .fileCacheDirectory(dir.resolve("file-cache"))
            .fileCacheBytes(fileCache)
            .fileCacheOptions(FileCacheOptions.defaults())
            .fileCacheForLocalFs(true);
      }
      DelayScheduler scheduler = DelayScheduler.of(timers);
      try (KeyedStateStore<Long> store = open(options)) {
        if (config.cached) {
          scanAll(store);
        }
        runFor(store, ExecutionMode.ASYNC, scheduler, p, WARM_SEED, p.warmRecords(), 0);
        runFor(store, config.mode, scheduler, p, WARM_SEED + 1, Long.MAX_VALUE, p.warmSeconds());
        DbStats before = store.db().stats();
        long start = System.nanoTime();
        long[] measured =
            runFor(
                store, config.mode, scheduler, p, MEASURE_SEED + pass, Long.MAX_VALUE, p.seconds());
        double seconds = (System.nanoTime() - start) / 1e9;
        DbStats after = store.db().stats();
        return new Result(
            config,
            pass,
            measured[0],
            seconds,
            stateBytes,
            blockCache,
            fileCache,
            rate(
                after.blockCacheHits() - before.blockCacheHits(),
                after.blockCacheMisses() - before.blockCacheMisses()),
            fileCache == 0
                ? Double.NaN
                : rate(
                    after.fileCacheHits() - before.fileCacheHits(),
                    after.fileCacheMisses() - before.fileCacheMisses()),
            measured[1],
            buildSeconds,
            (System.nanoTime() - trialStart) / 1e9);
      }
    } finally {
      timers.shutdownNow();
      StoreFixture.deleteTree(dir);
    }
  }

  /**
   * Writes the state of keys 0..keys-1 (through the stream layer, inline), flushes and compacts it
   * into one level. Returns its SST bytes.
   */
  private static long build(Path stateDir, long keys) throws IOException {
    DbOptions.Builder options =
        DbOptions.builder(FsKind.FILE.uri(stateDir))
            .settings(BenchSettings.of(BUILD_MEMTABLE_BYTES, BUILD_CACHE_BYTES));
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    try (KeyedStateStore<Long> store = open(options);
        ExecutionController<Long> controller =
            ExecutionController.create(
                store,
                ExecutionSettings.defaults().toBuilder().executionMode(ExecutionMode.SYNC).build(),
                DelayScheduler.of(timers))) {
      StreamRmwJob job = new StreamRmwJob(controller);
      for (long k = 0; k < keys; k++) {
        job.load(k, k);
      }
      controller.drain();
      if (job.completed() != keys) {
        throw new IllegalStateException("loaded " + job.completed() + " of " + keys + " keys");
      }
      store.db().flush();
      store.db().compactRange(null, null);
      return store.db().stats().totalBytes();
    } finally {
      timers.shutdownNow();
    }
  }

  private static KeyedStateStore<Long> open(DbOptions.Builder options) throws IOException {
    return KeyedStateStore.builder(
            options, Serializers.longs(), KeyGroupRange.of(0, MAX_PARALLELISM - 1), MAX_PARALLELISM)
        .declare(StreamRmwJob.COUNT, StreamRmwJob.EVENTS)
        .open();
  }

  /** Reads every entry once, so that a block cache large enough holds the whole state. */
  private static void scanAll(KeyedStateStore<Long> store) throws IOException {
    try (DbIterator it = store.db().newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        it.value();
      }
    }
  }

  /**
   * Runs records through a controller of {@code mode} until {@code maxRecords} were submitted or
   * {@code seconds} passed (whichever first; 0 seconds: no time bound), then drains. Returns the
   * records finished and the batches sent.
   */
  private static long[] runFor(
      KeyedStateStore<Long> store,
      ExecutionMode mode,
      DelayScheduler scheduler,
      StreamParams p,
      long seed,
      long maxRecords,
      double seconds) {
    if (maxRecords == 0 || (seconds == 0 && maxRecords == Long.MAX_VALUE)) {
      return new long[] {0, 0};
    }
    ExecutionSettings settings =
        ExecutionSettings.defaults().toBuilder().executionMode(mode).build();
    try (ExecutionController<Long> controller =
        ExecutionController.create(store, settings, scheduler)) {
      StreamRmwJob job = new StreamRmwJob(controller);
      StreamParams.KeyDraw keys = p.keyDraw(new SplittableRandom(seed));
      long deadline = seconds == 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
      long submitted = 0;
      while (submitted < maxRecords && ((submitted & 255) != 0 || System.nanoTime() < deadline)) {
        job.process(keys.next(), submitted);
        submitted++;
      }
      controller.drain();
      if (job.completed() != submitted) {
        throw new IllegalStateException(
            "submitted " + submitted + " records, " + job.completed() + " finished");
      }
      return new long[] {submitted, controller.batchesSent()};
    }
  }

  private static double rate(long hits, long misses) {
    return hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses);
  }
}
