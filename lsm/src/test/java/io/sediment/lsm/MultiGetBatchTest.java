package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.sediment.cache.BlockCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batched {@code multiGet} against single-key {@code get} and an in-memory model, on seeded
 * random stores: puts, deletes, merges, range deletions and snapshots, spread over the memtables,
 * level-0 files and deeper levels, read with batches of random size and order (with duplicates and
 * absent keys). Run on the local file system (blocks read on the calling thread) and through a
 * wrapper that stands for remote storage (blocks read side by side on the read executor), with a
 * block cache so small that blocks come and go, whose every buffer must be released at the end.
 */
class MultiGetBatchTest {

  @TempDir Path dir;

  private static final int KEY_SPACE = 300;

  private static byte[] key(int i) {
    return String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static PooledByteBufAllocator countingAllocator() {
    return new PooledByteBufAllocator(false, 1, 0, 8192, 9, 0, 0, false);
  }

  private static long liveAllocations(PooledByteBufAllocator allocator) {
    return allocator.metric().heapArenas().stream()
        .mapToLong(PoolArenaMetric::numActiveAllocations)
        .sum();
  }

  private DbOptions.Builder options(String scheme, BlockCache cache) {
    return options(scheme).blockCache(cache);
  }

  private DbOptions.Builder options(String scheme) {
    return DbOptions.builder(scheme + dir.resolve("db").toUri())
        .mergeFunction(new ConcatMerge())
        .memtableBytes(8 * 1024)
        .targetFileSizeBytes(4 * 1024)
        .maxBytesForLevelBase(16 * 1024)
        .l0CompactionTrigger(3)
        .blockSize(256)
        .readThreads(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "latency+"})
  void batchesAgreeWithSingleLookupsAndTheModel(String wrapper) throws IOException {
    long seed = Long.getLong("sediment.modelSeed", 20261209L) + wrapper.length();
    System.out.println("MultiGetBatchTest seed " + seed);
    PooledByteBufAllocator allocator = countingAllocator();
    BlockCache cache = BlockCache.create(8 * 1024, allocator);
    try (Db db = Db.open(options(wrapper, cache).build())) {
      new Run(db, new Random(seed), seed).run(Integer.getInteger("sediment.modelSteps", 2500));
    } finally {
      cache.close();
    }
    assertEquals(0, liveAllocations(allocator), "every block buffer was released");
  }

  /** One seeded history: writes, flushes, snapshots and checks. */
  private static final class Run {
    private final Db db;
    private final Random random;
    private final long seed;
    private final TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    private final Deque<Map.Entry<Snapshot, TreeMap<byte[], byte[]>>> snapshots =
        new ArrayDeque<>();
    private int step;
    private int deepestLevelSeen;
    private boolean level0Seen;

    Run(Db db, Random random, long seed) {
      this.db = db;
      this.random = random;
      this.seed = seed;
    }

    void run(int steps) throws IOException {
      try {
        for (step = 0; step < steps; step++) {
          int op = random.nextInt(1000);
          if (op < 350) {
            byte[] k = key(random.nextInt(KEY_SPACE));
            byte[] v = value();
            db.put(k, v);
            model.put(k, v);
          } else if (op < 450) {
            byte[] k = key(random.nextInt(KEY_SPACE));
            db.delete(k);
            model.remove(k);
          } else if (op < 700) {
            merge(key(random.nextInt(KEY_SPACE)));
          } else if (op < 730) {
            int from = random.nextInt(KEY_SPACE);
            int to = from + 1 + random.nextInt(20);
            db.deleteRange(key(from), key(to));
            model.subMap(key(from), key(to)).clear();
          } else if (op < 735) {
            // A long run of operands: its entries span several 256-byte blocks of one file.
            byte[] k = key(random.nextInt(KEY_SPACE));
            for (int i = 0; i < 40; i++) {
              merge(k);
            }
          } else if (op < 755) {
            db.flush();
          } else if (op < 765) {
            snapshot();
          } else {
            check();
          }
        }
        db.flush();
        check();
        db.compactRange(null, null);
        check();
        assertTrue(level0Seen, "no check ran with level-0 files (seed " + seed + ")");
        assertTrue(deepestLevelSeen >= 2, "no check ran with several levels (seed " + seed + ")");
      } finally {
        for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> s : snapshots) {
          s.getKey().close();
        }
      }
    }

    private byte[] value() {
      byte[] v = new byte[random.nextInt(30)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (byte) ('a' + random.nextInt(26));
      }
      return v;
    }

    private void merge(byte[] k) throws IOException {
      byte[] v = value();
      db.merge(k, v);
      model.put(k, ConcatMerge.apply(model.get(k), v));
    }

    private void snapshot() {
      if (snapshots.size() == 3) {
        snapshots.removeFirst().getKey().close();
      }
      snapshots.addLast(Map.entry(db.snapshot(), new TreeMap<>(model)));
    }

    private void check() throws IOException {
      int levels = 0;
      for (DbStats.LevelStats l : db.stats().levels()) {
        if (l.fileCount() > 0) {
          levels++;
          level0Seen |= l.level() == 0;
        }
      }
      deepestLevelSeen = Math.max(deepestLevelSeen, levels);
      List<byte[]> batch = batch();
      checkBatch(batch, db.multiGet(batch), model, ReadOptions.defaults());
      for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> s : snapshots) {
        ReadOptions at = ReadOptions.defaults().snapshot(s.getKey());
        checkBatch(batch, db.multiGet(at, batch), s.getValue(), at);
      }
    }

    /** 2..200 keys, some absent, some twice; sorted half of the time. */
    private List<byte[]> batch() {
      int size = 2 + random.nextInt(199);
      List<byte[]> keys = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        keys.add(
            random.nextInt(10) == 0 && !keys.isEmpty()
                ? keys.get(random.nextInt(keys.size())).clone()
                : key(random.nextInt(KEY_SPACE + 20)));
      }
      if (random.nextBoolean()) {
        keys.sort(Arrays::compareUnsigned);
      }
      return keys;
    }

    private void checkBatch(
        List<byte[]> keys, List<byte[]> values, TreeMap<byte[], byte[]> expected, ReadOptions at)
        throws IOException {
      String where = "seed " + seed + ", step " + step;
      assertEquals(keys.size(), values.size(), where);
      for (int i = 0; i < keys.size(); i++) {
        byte[] k = keys.get(i);
        String what = where + ", key " + new String(k, StandardCharsets.UTF_8);
        assertArrayEquals(expected.get(k), values.get(i), what + " against the model");
        assertArrayEquals(db.get(at, k), values.get(i), what + " against get");
        for (int j = 0; j < i; j++) {
          if (values.get(i) != null && Arrays.equals(keys.get(j), k)) {
            assertNotSame(values.get(j), values.get(i), what + " asked twice shares an array");
          }
        }
      }
    }
  }

  @Test
  void aKeyWhoseOperandsSpanManyBlocksFoldsThemAll() throws IOException {
    PooledByteBufAllocator allocator = countingAllocator();
    BlockCache cache = BlockCache.create(1 << 20, allocator);
    try (Db db = Db.open(options("latency+", cache).build());
        Snapshot before = db.snapshot()) {
      db.put(key(1), "base".getBytes(StandardCharsets.UTF_8));
      StringBuilder expected = new StringBuilder("base");
      for (int i = 0; i < 100; i++) {
        String operand = String.format("operand-%03d-padding-padding", i);
        db.merge(key(1), operand.getBytes(StandardCharsets.UTF_8));
        expected.append('|').append(operand);
      }
      db.put(key(0), new byte[] {1});
      db.put(key(2), new byte[] {2});
      db.flush();
      List<byte[]> got = db.multiGet(List.of(key(2), key(1), key(0), key(3)));
      assertArrayEquals(new byte[] {2}, got.get(0));
      assertEquals(expected.toString(), new String(got.get(1), StandardCharsets.UTF_8));
      assertArrayEquals(new byte[] {1}, got.get(2));
      assertNull(got.get(3));
      assertEquals(
          Arrays.asList(null, null, null, null),
          db.multiGet(
              ReadOptions.defaults().snapshot(before), List.of(key(2), key(1), key(0), key(3))));
    } finally {
      cache.close();
    }
    assertEquals(0, liveAllocations(allocator), "every block buffer was released");
  }

  @Test
  void argumentsAreChecked() throws IOException {
    try (Db db = Db.open(options("").blockCacheBytes(0).build())) {
      assertThrows(IllegalArgumentException.class, () -> db.multiGet(null, List.of(key(1))));
      assertThrows(
          IllegalArgumentException.class,
          () -> db.multiGet(ReadOptions.defaults(), Arrays.asList(key(1), null)));
      Snapshot s = db.snapshot();
      s.close();
      assertThrows(
          IllegalStateException.class,
          () -> db.multiGet(ReadOptions.defaults().snapshot(s), List.of(key(1), key(2))));
    }
  }
}
