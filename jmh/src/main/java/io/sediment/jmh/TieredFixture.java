package io.sediment.jmh;

import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.LatencyModel;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbStats;
import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import org.apache.hadoop.conf.Configuration;

/**
 * One store of a tiered-reads trial, opened over a shared {@link TieredDataset} with both tiers
 * sized at a fraction of the dataset's SST bytes: the block cache (every store) and the local-disk
 * file cache (remote stores only, in a fresh directory deleted on close). A remote store reaches
 * the dataset through {@code latency+file://}, which sleeps a fixed time before every read call.
 */
final class TieredFixture implements AutoCloseable {

  final TieredStore kind;
  final TieredDataset dataset;
  final long cacheBytes;
  private final Db db;
  private final KvStore rocks;
  private final Path fileCacheDir;

  private TieredFixture(
      TieredStore kind,
      TieredDataset dataset,
      long cacheBytes,
      Db db,
      KvStore rocks,
      Path fileCacheDir) {
    this.kind = kind;
    this.dataset = dataset;
    this.cacheBytes = cacheBytes;
    this.db = db;
    this.rocks = rocks;
    this.fileCacheDir = fileCacheDir;
  }

  /**
   * Opens {@code kind} over the dataset of {@code keys} entries of {@code kv} (built if missing),
   * each tier holding {@code cachePercent}% of the dataset's SST bytes, remote reads costing {@code
   * readLatencyMicros}.
   */
  static TieredFixture open(
      TieredStore kind, KeyValueGenerator kv, long keys, int cachePercent, int readLatencyMicros)
      throws IOException {
    return open(
        kind, kv, keys, cachePercent, readLatencyMicros, FileCacheOptions.DEFAULT_SEGMENT_BYTES);
  }

  /**
   * As {@link #open(TieredStore, KeyValueGenerator, long, int, int)}, with file-cache segments of
   * {@code segmentBytes}.
   */
  static TieredFixture open(
      TieredStore kind,
      KeyValueGenerator kv,
      long keys,
      int cachePercent,
      int readLatencyMicros,
      int segmentBytes)
      throws IOException {
    if (cachePercent <= 0 || cachePercent > 100) {
      throw new IllegalArgumentException("cachePercent must be in 1..100: " + cachePercent);
    }
    TieredDataset dataset = TieredDataset.obtain(kind.engine, kv, keys);
    long cacheBytes = Math.max(1 << 20, dataset.sstBytes * cachePercent / 100);
    if (kind.engine == Engine.ROCKSDB) {
      KvStore rocks = Engine.ROCKSDB.open(dataset.dir, BenchSettings.of(64L << 20, cacheBytes));
      return new TieredFixture(kind, dataset, cacheBytes, null, rocks, null);
    }
    DbOptions.Builder options =
        DbOptions.builder((kind.remote ? "latency+" : "") + dataset.dir.toUri())
            .settings(BenchSettings.of(64L << 20, cacheBytes))
            .mergeFunction(Workloads.counterMerge());
    Path fileCacheDir = null;
    if (kind.remote) {
      Configuration conf = new Configuration();
      conf.set(LatencyModel.KEY_PREFIX + FsOp.READ.configName(), readLatencyMicros + "us");
      fileCacheDir =
          Files.createTempDirectory(dataset.dir.getParent(), "tiered-file-cache-").toAbsolutePath();
      options
          .hadoopConfiguration(conf)
          .fileCacheDirectory(fileCacheDir)
          .fileCacheBytes(cacheBytes)
          .fileCacheOptions(
              FileCacheOptions.defaults()
                  .withGranularity(kind.granularity)
                  .withSegmentBytes(segmentBytes))
          .fileCacheForLocalFs(true);
    }
    return new TieredFixture(
        kind, dataset, cacheBytes, Db.open(options.build()), null, fileCacheDir);
  }

  byte[] get(byte[] key) throws IOException {
    return db != null ? db.get(key) : rocks.get(key);
  }

  /** The store's asynchronous get (Sediment only). */
  CompletableFuture<byte[]> getAsync(byte[] key) {
    return sediment().getAsync(key);
  }

  /** The store's batched get (Sediment only). */
  List<byte[]> multiGet(List<byte[]> keys) throws IOException {
    return sediment().multiGet(keys);
  }

  /**
   * Warms the tiers with {@code gets} lookups of keys drawn by {@code next}, spread over {@code
   * threads} threads (so a remote store warms in seconds), each with its own seeded source.
   *
   * @throws IllegalStateException if a key the dataset holds is not found
   */
  void warm(long gets, int threads, KeyValueGenerator kv, ToLongFunction<SplittableRandom> next)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        SplittableRandom random = new SplittableRandom(7_000 + t);
        long share = gets / threads + (t < gets % threads ? 1 : 0);
        done.add(
            pool.submit(
                () -> {
                  byte[] key = new byte[kv.keyBytes()];
                  for (long i = 0; i < share; i++) {
                    long index = next.applyAsLong(random);
                    kv.writeKey(index, key);
                    if (get(key) == null) {
                      throw new IllegalStateException("key " + index + " missing from " + kind);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IOException("warming " + kind + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while warming " + kind, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private Db sediment() {
    if (db == null) {
      throw new IllegalStateException(kind + " has no asynchronous or batched reads here");
    }
    return db;
  }

  /**
   * Prints the dataset and budget sizes and the tiers' hit rates for the trial as {@code #
   * sediment-metric} lines (hit rates for Sediment only: RocksDB's are not collected here).
   */
  void report(String workload, String shape) {
    metric(workload, shape, "datasetSstMiB", dataset.sstBytes / 1048576.0);
    metric(workload, shape, "cacheMiB", cacheBytes / 1048576.0);
    if (db == null) {
      return;
    }
    DbStats s = db.stats();
    metric(workload, shape, "blockCacheHitRate", rate(s.blockCacheHits(), s.blockCacheMisses()));
    if (kind.remote) {
      metric(workload, shape, "fileCacheHitRate", rate(s.fileCacheHits(), s.fileCacheMisses()));
      metric(workload, shape, "fileCacheRemoteMiB", s.fileCacheBytesReadRemote() / 1048576.0);
      metric(workload, shape, "fileCacheEvictions", s.fileCacheEvictions());
    }
  }

  private static double rate(long hits, long misses) {
    return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
  }

  private void metric(String workload, String shape, String name, double value) {
    System.out.printf(
        Locale.ROOT, "%n# sediment-metric %s %s %s %s %.4f%n", workload, kind, shape, name, value);
  }

  @Override
  public void close() throws IOException {
    try {
      if (db != null) {
        db.close();
      } else {
        rocks.close();
      }
    } finally {
      if (fileCacheDir != null) {
        StoreFixture.deleteTree(fileCacheDir);
      }
    }
  }
}
