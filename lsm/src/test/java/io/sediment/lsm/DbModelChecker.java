package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded randomized model test of a whole store: puts, deletes, range deletes, merges and batches
 * run against the store and a sorted map; point reads, multi-gets, scans in both directions, seeks
 * with bounds and snapshot reads must agree with the map, across flushes, compactions and reopens.
 */
final class DbModelChecker {

  private final DbOptions options;
  private final Random random;
  private final long seed;
  private final int keySpace;
  private TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
  private final List<Map.Entry<Snapshot, TreeMap<byte[], byte[]>>> snapshots = new ArrayList<>();
  private Db db;
  private int step;
  private boolean wideRangeDeletes;
  private DbIterator pinned;
  private TreeMap<byte[], byte[]> pinnedModel;

  DbModelChecker(DbOptions options, long seed, int keySpace) {
    this.options = options;
    this.seed = seed;
    this.random = new Random(seed);
    this.keySpace = keySpace;
  }

  /**
   * Makes range deletes frequent and wide (up to half the key space), so that they cover whole
   * files, and keeps an iterator open across some of them (it must go on reading what it saw);
   * replaces reopens, so the store's counters cover the whole run.
   */
  DbModelChecker wideRangeDeletes() {
    this.wideRangeDeletes = true;
    return this;
  }

  private byte[] randomKey() {
    return String.format("key%05d", random.nextInt(keySpace)).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] randomValue() {
    byte[] v = new byte[random.nextInt(40)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) ('a' + random.nextInt(26));
    }
    return v;
  }

  private String where() {
    return "seed " + seed + ", step " + step;
  }

  /** Runs {@code steps} operations; returns the store's final stats. */
  DbStats run(int steps) throws IOException {
    db = Db.open(options);
    try {
      for (step = 0; step < steps; step++) {
        int op = random.nextInt(100);
        if (wideRangeDeletes && op >= 97) {
          togglePinnedIterator();
          continue;
        }
        if (wideRangeDeletes && op >= 62 && op < 65) {
          wideDeleteRange();
          continue;
        }
        if (wideRangeDeletes && op < 20) {
          putRun();
          continue;
        }
        if (op < 35) {
          byte[] k = randomKey();
          byte[] v = randomValue();
          db.put(k, v);
          model.put(k, v);
        } else if (op < 45) {
          byte[] k = randomKey();
          db.delete(k);
          model.remove(k);
        } else if (op < 48) {
          deleteRange();
        } else if (op < 58) {
          byte[] k = randomKey();
          byte[] v = randomValue();
          db.merge(k, v);
          model.put(k, ConcatMerge.apply(model.get(k), v));
        } else if (op < 62) {
          batch();
        } else if (op < 77) {
          byte[] k = randomKey();
          assertArrayEquals(model.get(k), db.get(k), where() + " get " + new String(k));
        } else if (op < 79) {
          multiGet();
        } else if (op < 82) {
          db.flush();
        } else if (op < 83) {
          db.compactRange(random.nextBoolean() ? null : randomKey(), null);
        } else if (op < 85) {
          takeSnapshot();
        } else if (op < 88) {
          checkSnapshots();
        } else if (op < 92) {
          checkScan();
        } else if (op < 97) {
          checkSeek();
        } else if (op < 98) {
          reopen();
        }
      }
      checkScan();
      checkSnapshots();
      if (pinned != null) {
        togglePinnedIterator();
      }
      db.compactRange(null, null);
      checkScan();
      checkSnapshots();
      DbStats stats = db.stats();
      reopen();
      checkScan();
      return stats;
    } finally {
      if (pinned != null) {
        pinned.close();
      }
      for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> s : snapshots) {
        s.getKey().close();
      }
      db.close();
    }
  }

  private void deleteRange() throws IOException {
    byte[] a = randomKey();
    byte[] b = randomKey();
    int c = Arrays.compareUnsigned(a, b);
    if (c == 0) {
      return;
    }
    byte[] begin = c < 0 ? a : b;
    byte[] end = c < 0 ? b : a;
    db.deleteRange(begin, end);
    model.subMap(begin, true, end, false).clear();
  }

  /** Puts a run of consecutive keys: deeper files then hold narrow key ranges. */
  private void putRun() throws IOException {
    int from = random.nextInt(keySpace);
    int to = Math.min(keySpace, from + 1 + random.nextInt(20));
    for (int i = from; i < to; i++) {
      byte[] k = String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
      byte[] v = randomValue();
      db.put(k, v);
      model.put(k, v);
    }
  }

  private void wideDeleteRange() throws IOException {
    int from = random.nextInt(keySpace);
    int to = Math.min(keySpace, from + 1 + random.nextInt(keySpace / 2));
    byte[] begin = String.format("key%05d", from).getBytes(StandardCharsets.UTF_8);
    byte[] end = String.format("key%05d", to).getBytes(StandardCharsets.UTF_8);
    db.deleteRange(begin, end);
    model.subMap(begin, true, end, false).clear();
  }

  /** Opens an iterator on the current state, or checks and closes the open one. */
  private void togglePinnedIterator() throws IOException {
    if (pinned == null) {
      pinned = db.newIterator();
      pinnedModel = new TreeMap<>(model);
      return;
    }
    try {
      assertScan(pinnedModel, pinned, "scan of an iterator opened earlier");
    } finally {
      pinned.close();
      pinned = null;
    }
  }

  private void batch() throws IOException {
    WriteBatch batch = new WriteBatch();
    TreeMap<byte[], byte[]> next = new TreeMap<>(model);
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      byte[] k = randomKey();
      switch (random.nextInt(3)) {
        case 0 -> {
          byte[] v = randomValue();
          batch.put(k, v);
          next.put(k, v);
        }
        case 1 -> {
          batch.delete(k);
          next.remove(k);
        }
        default -> {
          byte[] v = randomValue();
          batch.merge(k, v);
          next.put(k, ConcatMerge.apply(next.get(k), v));
        }
      }
    }
    db.write(batch);
    model = next;
  }

  private void multiGet() throws IOException {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add(randomKey());
    }
    List<byte[]> values = db.multiGet(keys);
    for (int i = 0; i < keys.size(); i++) {
      assertArrayEquals(model.get(keys.get(i)), values.get(i), where() + " multiGet");
    }
  }

  private void takeSnapshot() {
    if (snapshots.size() >= 3) {
      snapshots.remove(0).getKey().close();
    }
    snapshots.add(Map.entry(db.snapshot(), new TreeMap<>(model)));
  }

  private void checkSnapshots() throws IOException {
    for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> s : snapshots) {
      ReadOptions ro = ReadOptions.defaults().snapshot(s.getKey());
      byte[] k = randomKey();
      assertArrayEquals(s.getValue().get(k), db.get(ro, k), where() + " snapshot get");
      try (DbIterator it = db.newIterator(ro)) {
        assertScan(s.getValue(), it, "snapshot scan");
      }
    }
    if (wideRangeDeletes && !snapshots.isEmpty() && step % 2 == 0) {
      // Snapshots come and go: a file a snapshot kept at a flush is then dropped by compaction.
      snapshots.remove(0).getKey().close();
    }
  }

  private void checkScan() throws IOException {
    try (DbIterator it = db.newIterator()) {
      assertScan(model, it, "scan");
    }
  }

  private void assertScan(NavigableMap<byte[], byte[]> expected, DbIterator it, String what) {
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(expected.entrySet());
    int i = 0;
    for (it.seekToFirst(); it.isValid(); it.next(), i++) {
      assertTrue(i < entries.size(), where() + " " + what + ": extra key " + new String(it.key()));
      assertArrayEquals(entries.get(i).getKey(), it.key(), where() + " " + what + " key " + i);
      assertArrayEquals(
          entries.get(i).getValue(), it.value(), where() + " " + what + " value " + i);
    }
    assertEquals(entries.size(), i, where() + " " + what + " forward count");
    i = entries.size() - 1;
    for (it.seekToLast(); it.isValid(); it.prev(), i--) {
      assertTrue(i >= 0, where() + " " + what + ": extra key backwards");
      assertArrayEquals(entries.get(i).getKey(), it.key(), where() + " " + what + " back key");
      assertArrayEquals(
          entries.get(i).getValue(), it.value(), where() + " " + what + " back value");
    }
    assertEquals(-1, i, where() + " " + what + " backward count");
  }

  private void checkSeek() throws IOException {
    byte[] lower = random.nextBoolean() ? randomKey() : null;
    byte[] upper = random.nextBoolean() ? randomKey() : null;
    if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) > 0) {
      byte[] t = lower;
      lower = upper;
      upper = t;
    }
    NavigableMap<byte[], byte[]> view = model;
    if (lower != null) {
      view = view.tailMap(lower, true);
    }
    if (upper != null) {
      view = view.headMap(upper, false);
    }
    ReadOptions ro = ReadOptions.defaults();
    if (lower != null) {
      ro = ro.lowerBound(lower);
    }
    if (upper != null) {
      ro = ro.upperBound(upper);
    }
    try (DbIterator it = db.newIterator(ro)) {
      byte[] target = randomKey();
      it.seek(target);
      Map.Entry<byte[], byte[]> e = view.ceilingEntry(target);
      assertEntry(e, it, "seek");
      if (e != null && random.nextBoolean()) {
        it.next();
        assertEntry(view.higherEntry(e.getKey()), it, "seek+next");
      }
      it.seekForPrev(target);
      e = view.floorEntry(target);
      assertEntry(e, it, "seekForPrev");
      if (e != null && random.nextBoolean()) {
        it.prev();
        assertEntry(view.lowerEntry(e.getKey()), it, "seekForPrev+prev");
      } else if (e != null) {
        it.next();
        assertEntry(view.higherEntry(e.getKey()), it, "seekForPrev+next");
      }
    }
  }

  private void assertEntry(Map.Entry<byte[], byte[]> expected, DbIterator it, String what) {
    if (expected == null) {
      assertTrue(!it.isValid(), where() + " " + what + ": expected end, got a key");
      return;
    }
    assertTrue(it.isValid(), where() + " " + what + ": expected " + new String(expected.getKey()));
    assertArrayEquals(expected.getKey(), it.key(), where() + " " + what + " key");
    assertArrayEquals(expected.getValue(), it.value(), where() + " " + what + " value");
  }

  private void reopen() throws IOException {
    for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> s : snapshots) {
      s.getKey().close();
    }
    snapshots.clear();
    if (options.settings().walEnabled() && random.nextBoolean()) {
      // A crash: nothing is flushed; every acknowledged write must come back from the log.
      db.internal().close(false);
    } else {
      db.close();
    }
    db = Db.open(options);
  }
}
