package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.Granularity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A seeded data set written to a store with small files, and concurrent readers that check every
 * value against what was written while sampling the store's cache statistics.
 */
final class TieredWorkload {

  private final long seed;
  private final byte[][] keys;
  private final byte[][] values;

  /** {@code count} keys with random, incompressible values of 40-120 bytes. */
  TieredWorkload(long seed, int count) {
    this.seed = seed;
    Random random = new Random(seed);
    keys = new byte[count][];
    values = new byte[count][];
    for (int i = 0; i < count; i++) {
      keys[i] = String.format("key%06d", i).getBytes(StandardCharsets.UTF_8);
      values[i] = new byte[40 + random.nextInt(81)];
      random.nextBytes(values[i]);
    }
  }

  /** Options with small memtables, files and blocks, so the data spans many SSTs. */
  static DbOptions.Builder smallFiles(String uri) {
    return DbOptions.builder(uri)
        .memtableBytes(16 * 1024)
        .targetFileSizeBytes(16 * 1024)
        .maxBytesForLevelBase(64 * 1024)
        .l0CompactionTrigger(2)
        .blockSize(512);
  }

  /** Small segments and checksum chunks, so a tiny budget still holds several entries. */
  static FileCacheOptions smallSegments() {
    return FileCacheOptions.defaults()
        .withGranularity(Granularity.SEGMENTS)
        .withSegmentBytes(2048)
        .withChecksumChunkBytes(512);
  }

  int size() {
    return keys.length;
  }

  byte[] key(int i) {
    return keys[i];
  }

  byte[] value(int i) {
    return values[i];
  }

  /** Writes every key in a seeded order (compactions run as they are triggered), then flushes. */
  void writeAll(Db db) throws IOException {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed + 1));
    for (int i : order) {
      db.put(keys[i], values[i]);
    }
    db.flush();
  }

  /** Reads every key once and checks its value. */
  void checkAll(Db db) throws IOException {
    for (int i = 0; i < keys.length; i++) {
      assertArrayEquals(values[i], db.get(keys[i]), "value of key " + i);
    }
  }

  /**
   * {@code threads} readers, each doing {@code reads} seeded random point lookups (half through
   * {@code get}, half through {@code multiGet} batches), checking every value and, every few reads,
   * that the file cache holds no more than its budget.
   */
  void readConcurrently(Db db, int threads, int reads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long threadSeed = seed * 31 + t;
        done.add(pool.submit(() -> readRandomly(db, new Random(threadSeed), reads)));
      }
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : e;
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  private Void readRandomly(Db db, Random random, int reads) throws Exception {
    for (int n = 0; n < reads; n++) {
      if (random.nextBoolean()) {
        int i = random.nextInt(keys.length);
        assertArrayEquals(values[i], db.get(keys[i]), "value of key " + i);
      } else {
        int[] picked = new int[4];
        List<byte[]> batch = new ArrayList<>();
        for (int j = 0; j < picked.length; j++) {
          picked[j] = random.nextInt(keys.length);
          batch.add(keys[picked[j]]);
        }
        List<byte[]> got = db.multiGet(batch);
        for (int j = 0; j < picked.length; j++) {
          assertArrayEquals(values[picked[j]], got.get(j), "value of key " + picked[j]);
        }
      }
      if (n % 16 == 0) {
        checkBudget(db.stats());
      }
    }
    return null;
  }

  /** Async lookups of every key, all in flight at once. */
  void checkAllAsync(Db db) throws Exception {
    List<CompletableFuture<byte[]>> futures = new ArrayList<>();
    for (byte[] key : keys) {
      futures.add(db.getAsync(key));
    }
    for (int i = 0; i < keys.length; i++) {
      assertArrayEquals(values[i], futures.get(i).get(), "async value of key " + i);
    }
  }

  static void checkBudget(DbStats stats) {
    assertTrue(
        stats.fileCacheUsedBytes() <= stats.fileCacheCapacityBytes(),
        "file cache holds " + stats.fileCacheUsedBytes() + " > " + stats.fileCacheCapacityBytes());
  }
}
