package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Compression;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store restored from half the key groups of a checkpoint first lists every straddling file of
 * the checkpoint (clipped), so its live file bytes are about the original's; a full compaction
 * rewrites the references to what their clips keep, and the store's disk use converges to what its
 * range holds, while it reads exactly the model restricted to the range.
 */
class RescaleDiskUsageTest {

  private static final int MAX_P = 16;
  private static final KeyGroupPrefix PREFIX = KeyGroupPrefix.forMaxParallelism(MAX_P);

  @TempDir Path tmp;

  private DbOptions.Builder builder(String name, KeyGroupRange range) {
    return DbOptions.builder(tmp.resolve(name).toUri().toString())
        .keyGroups(range, MAX_P)
        .compression(Compression.NONE)
        .memtableBytes(64 * 1024)
        .targetFileSizeBytes(16 * 1024)
        .l0CompactionTrigger(100)
        .l0StopWritesTrigger(200);
  }

  private static byte[] key(int group, int i) {
    return PREFIX.prepend(group, String.format("k%05d", i).getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void fullCompactionOfHalfTheKeyGroupsKeepsAboutHalfTheBytes() throws Exception {
    KeyGroupRange all = KeyGroupRange.of(0, MAX_P - 1);
    KeyGroupRange half = KeyGroupRange.of(0, MAX_P / 2 - 1);
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    Random random = new Random(20261207L);
    try (CheckpointStorage storage =
        CheckpointStorage.open(
            tmp.resolve("checkpoints").toUri().toString(), new Configuration())) {
      CheckpointHandle handle;
      long originalBytes;
      try (Db db = Db.open(builder("old", all).build())) {
        // Every flush spans every key group: each file straddles the target's bound.
        for (int round = 0; round < 6; round++) {
          for (int n = 0; n < 500; n++) {
            byte[] k = key(random.nextInt(MAX_P), random.nextInt(2000));
            byte[] v = new byte[100];
            random.nextBytes(v);
            db.put(k, v);
            model.put(k, v);
          }
          db.flush();
        }
        // A range delete inside the target and one outside.
        for (int g : new int[] {3, 12}) {
          db.deleteRange(key(g, 500), key(g, 1500));
          model.subMap(key(g, 500), true, key(g, 1500), false).clear();
        }
        db.flush();
        originalBytes = db.stats().totalBytes();
        handle = storage.checkpoint(db, 1);
      }
      try (Db db = Restore.open(List.of(handle), half, builder("new", half).build())) {
        long restoredBytes = db.stats().totalBytes();
        assertTrue(
            restoredBytes > originalBytes * 9 / 10,
            "straddling files are listed whole: " + restoredBytes + " of " + originalBytes);
        assertMatches(db, model, half);

        db.compactRange(null, null);

        DbStats stats = db.stats();
        assertTrue(
            stats.totalBytes() <= originalBytes * 6 / 10,
            "after a full compaction the store holds "
                + stats.totalBytes()
                + " bytes of the original "
                + originalBytes);
        assertTrue(stats.totalBytes() > 0, stats.toString());
        assertMatches(db, model, half);
      }
      try (Db db = Restore.reopen(builder("new", half).build())) {
        assertMatches(db, model, half);
      }
    }
  }

  /** The store reads the model's keys of {@code range}, and nothing else. */
  private static void assertMatches(Db db, TreeMap<byte[], byte[]> model, KeyGroupRange range)
      throws Exception {
    byte[] lower = PREFIX.encode(range.start());
    List<Map.Entry<byte[], byte[]>> expected =
        new ArrayList<>(
            range.end() == MAX_P - 1
                ? model.tailMap(lower, true).entrySet()
                : model.subMap(lower, true, PREFIX.encode(range.end() + 1), false).entrySet());
    int i = 0;
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next(), i++) {
        assertTrue(i < expected.size(), "extra key at " + i);
        assertArrayEquals(expected.get(i).getKey(), it.key(), "key " + i);
        assertArrayEquals(expected.get(i).getValue(), it.value(), "value " + i);
      }
    }
    assertEquals(expected.size(), i, "entries in range");
    for (Map.Entry<byte[], byte[]> e : expected.subList(0, Math.min(50, expected.size()))) {
      assertArrayEquals(e.getValue(), db.get(e.getKey()));
    }
  }

  /**
   * A rescale lists the level-0 files of every source: three sources with eight each give the new
   * store 24, past the default stop trigger of 20, with no flush or compaction running. Writes and
   * close() must not wait forever: the stalled writer starts the compactions that drain level 0.
   */
  @Test
  void aRescaleThatListsLevel0PastTheStopTriggerDoesNotStallForever() throws Exception {
    List<CheckpointHandle> handles = new ArrayList<>();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    try (CheckpointStorage storage =
        CheckpointStorage.open(
            tmp.resolve("checkpoints").toUri().toString(), new Configuration())) {
      for (int source = 0; source < 3; source++) {
        KeyGroupRange range =
            KeyGroupRange.of(source * 5, source == 2 ? MAX_P - 1 : source * 5 + 4);
        try (Db db = Db.open(builder("src" + source, range).build())) {
          for (int file = 0; file < 8; file++) {
            for (int g = range.start(); g <= range.end(); g++) {
              byte[] k = key(g, file);
              byte[] v = ("v" + source + "-" + file).getBytes(StandardCharsets.US_ASCII);
              db.put(k, v);
              model.put(k, v);
            }
            db.flush();
          }
          handles.add(storage.checkpoint(db, 10 + source));
        }
      }
      KeyGroupRange all = KeyGroupRange.of(0, MAX_P - 1);
      java.util.concurrent.CompletableFuture<Void> work =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try (Db db =
                    Restore.open(
                        handles,
                        all,
                        DbOptions.builder(tmp.resolve("merged").toUri().toString())
                            .keyGroups(all, MAX_P)
                            .memtableBytes(32 * 1024)
                            .build())) {
                  assertTrue(db.stats().levels().get(0).fileCount() >= 20, db.stats().toString());
                  byte[] value = new byte[512];
                  for (int i = 0; i < 200; i++) {
                    byte[] k = key(i % MAX_P, 1000 + i);
                    db.put(k, value);
                    model.put(k, value);
                  }
                  assertMatches(db, model, all);
                } catch (Exception e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              });
      work.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
