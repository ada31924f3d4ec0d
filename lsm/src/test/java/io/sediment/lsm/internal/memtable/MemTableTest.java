package io.sediment.lsm.internal.memtable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemTableTest {

  @Test
  void getSeesVersionsAtOrBelowTheSnapshotNewestFirst() {
    MemTable m = new MemTable();
    byte[] k = bytes("key");
    m.add(5, ValueType.PUT, k, bytes("v5"));
    m.add(7, ValueType.MERGE, k, bytes("m7"));
    m.add(9, ValueType.DELETE, k, null);
    m.add(6, ValueType.PUT, bytes("kex"), bytes("other"));
    m.add(8, ValueType.PUT, bytes("ke"), bytes("prefix"));

    assertEquals(List.of("@9 DELETE ", "@7 MERGE m7", "@5 PUT v5"), lookup(m, k, 100));
    assertEquals(List.of("@7 MERGE m7", "@5 PUT v5"), lookup(m, k, 8));
    assertEquals(List.of("@7 MERGE m7", "@5 PUT v5"), lookup(m, k, 7));
    assertEquals(List.of("@5 PUT v5"), lookup(m, k, 6));
    assertEquals(List.of(), lookup(m, k, 4));
    assertEquals(List.of(), lookup(m, bytes("absent"), 100));
    assertEquals(List.of("@8 PUT prefix"), lookup(m, bytes("ke"), 100));

    // The sink stops the visit.
    List<Long> seen = new ArrayList<>();
    m.get(k, 100, (seq, type, v, off, len) -> seen.add(seq) && false);
    assertEquals(List.of(9L), seen);
  }

  @Test
  void accountsEntriesBytesAndTombstones() {
    MemTable m = new MemTable();
    assertTrue(m.isEmpty());
    assertEquals(-1, m.largestSequence());
    m.add(1, ValueType.PUT, bytes("a"), bytes("12345"));
    assertEquals(1, m.entryCount());
    long entry = m.approximateBytes();
    assertTrue(entry >= SkipList.nodeBytes(1, 1 + 8, 5), "at least the node: " + entry);
    assertTrue(
        entry <= SkipList.nodeBytes(SkipList.MAX_HEIGHT, 1 + 8, 5), "at most the node: " + entry);
    RangeTombstone t = new RangeTombstone(bytes("b"), bytes("d"), 2);
    m.addRangeTombstone(t);
    assertFalse(m.isEmpty());
    assertEquals(List.of(t), m.rangeTombstones());
    assertEquals(2, m.tombstoneSet().maxCoveringSequence(bytes("c"), 10));
    assertEquals(-1, m.tombstoneSet().maxCoveringSequence(bytes("c"), 1));
    assertEquals(2, m.largestSequence());
    assertEquals(entry + 2 + 2 * MemTable.ENTRY_OVERHEAD_BYTES, m.approximateBytes());
  }

  @Test
  void rejectsBadEntries() {
    MemTable m = new MemTable();
    m.add(1, ValueType.PUT, bytes("a"), bytes("x"));
    IllegalArgumentException dup =
        assertThrows(
            IllegalArgumentException.class, () -> m.add(1, ValueType.PUT, bytes("a"), bytes("y")));
    assertTrue(dup.getMessage().contains("'a' @1 PUT"), dup.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> m.add(2, ValueType.RANGE_DELETE, bytes("a"), bytes("b")));
    assertThrows(IllegalArgumentException.class, () -> m.add(2, ValueType.PUT, bytes("a"), null));
    assertThrows(IllegalArgumentException.class, () -> m.add(2, ValueType.PUT, null, bytes("x")));
    assertThrows(
        IllegalArgumentException.class, () -> m.add(-1, ValueType.PUT, bytes("b"), bytes("x")));
  }

  @Test
  void iteratorWalksBothDirectionsAndSeeks() {
    long seed = 42;
    Random r = new Random(seed);
    MemTable m = new MemTable(seed);
    TreeMap<byte[], byte[]> model = new TreeMap<>(InternalKey::compare);
    for (int i = 0; i < 3000; i++) {
      byte[] k = new byte[r.nextInt(3)];
      r.nextBytes(k);
      long seq = i + 1;
      ValueType type = ValueType.fromCode(r.nextInt(3));
      byte[] v = type == ValueType.DELETE ? new byte[0] : bytes("v" + seq);
      m.add(seq, type, k, v);
      model.put(InternalKey.encode(k, seq, type), v);
    }
    List<byte[]> keys = new ArrayList<>(model.keySet());
    try (InternalIterator it = m.newIterator()) {
      assertFalse(it.isValid());
      int i = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        assertEntry(keys.get(i), model.get(keys.get(i)), it);
        i++;
      }
      assertEquals(keys.size(), i);
      i = keys.size() - 1;
      for (it.seekToLast(); it.isValid(); it.prev()) {
        assertEntry(keys.get(i), model.get(keys.get(i)), it);
        i--;
      }
      assertEquals(-1, i);
      for (int step = 0; step < 2000; step++) {
        byte[] uk = new byte[r.nextInt(3)];
        r.nextBytes(uk);
        byte[] target = InternalKey.encode(uk, r.nextInt(3200), ValueType.fromCode(r.nextInt(4)));
        boolean forward = r.nextBoolean();
        byte[] want = forward ? model.ceilingKey(target) : model.floorKey(target);
        if (forward) {
          it.seek(target);
        } else {
          it.seekForPrev(target);
        }
        if (want == null) {
          assertFalse(it.isValid());
          continue;
        }
        assertEntry(want, model.get(want), it);
        // One step each way from there.
        byte[] after = model.higherKey(want);
        it.next();
        if (after == null) {
          assertFalse(it.isValid());
          continue;
        }
        assertEntry(after, model.get(after), it);
        it.prev();
        assertEntry(want, model.get(want), it);
      }
    }
  }

  @Test
  void entriesOfEverySizeSpanArenaChunks() {
    Random r = new Random(5);
    MemTable m = new MemTable(5);
    TreeMap<byte[], byte[]> model = new TreeMap<>(InternalKey::compare);
    for (int i = 1; i <= 3000; i++) {
      byte[] k = bytes("key" + r.nextInt(700));
      int size =
          i % 97 == 0
              ? Arena.DEDICATED_BLOCK_BYTES + r.nextInt(1000)
              : r.nextInt(i % 10 == 0 ? 20_000 : 200);
      byte[] v = new byte[size];
      r.nextBytes(v);
      m.add(i, ValueType.PUT, k, v);
      model.put(InternalKey.encode(k, i, ValueType.PUT), v);
    }
    try (InternalIterator it = m.newIterator()) {
      it.seekToFirst();
      for (var e : model.entrySet()) {
        assertEntry(e.getKey(), e.getValue(), it);
        it.next();
      }
      assertFalse(it.isValid());
    }
    for (var e : model.entrySet()) {
      byte[] userKey = InternalKey.userKey(e.getKey());
      long seq = InternalKey.sequence(e.getKey(), 0, e.getKey().length);
      byte[][] got = new byte[1][];
      m.get(
          userKey,
          seq,
          (s, type, v, off, len) -> {
            got[0] = Arrays.copyOfRange(v, off, off + len);
            return false;
          });
      assertArrayEquals(e.getValue(), got[0]);
    }
  }

  /**
   * One writer adds entries with rising sequence numbers in random key order and publishes each
   * sequence number after its add; readers check that everything published is visible (point
   * lookups and full scans, in order) while adds go on.
   */
  @Test
  void concurrentReadersSeeEverythingPublished() throws Exception {
    long seed = 7;
    int n = 40_000;
    MemTable m = new MemTable(seed);
    AtomicLong published = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    byte[][] keys = new byte[n + 1][];
    Random r = new Random(seed);
    for (int i = 1; i <= n; i++) {
      keys[i] = bytes("k" + r.nextInt(n / 4)); // duplicates: several versions per key
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Long>> readers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long readerSeed = seed * 100 + t;
        readers.add(pool.submit(() -> read(m, keys, published, done, readerSeed)));
      }
      Future<?> writer =
          pool.submit(
              () -> {
                for (int i = 1; i <= n; i++) {
                  m.add(i, ValueType.PUT, keys[i], bytes("v" + i));
                  published.set(i);
                }
                done.set(true);
              });
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Long> f : readers) {
        assertTrue(f.get(60, TimeUnit.SECONDS) > 0, "reader checked something");
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(n, m.entryCount());
  }

  private static long read(
      MemTable m, byte[][] keys, AtomicLong published, AtomicBoolean done, long seed) {
    Random r = new Random(seed);
    long checks = 0;
    boolean last = false;
    while (!last) {
      last = done.get();
      long p = published.get();
      if (p == 0) {
        continue;
      }
      // Point lookups of published entries.
      for (int i = 0; i < 50; i++) {
        int s = 1 + r.nextInt((int) p);
        boolean[] found = {false};
        m.get(
            keys[s],
            s,
            (seq, type, v, off, len) -> {
              found[0] = seq == s;
              return false;
            });
        assertTrue(found[0], "published entry @" + s + " visible (seed " + seed + ")");
        checks++;
      }
      // A scan sees at least every published entry, in strictly increasing order.
      long visible = 0;
      byte[] previous = null;
      try (InternalIterator it = m.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          byte[] k =
              Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength());
          if (previous != null) {
            assertTrue(InternalKey.compare(previous, k) < 0, "scan order (seed " + seed + ")");
          }
          previous = k;
          if (InternalKey.sequence(k, 0, k.length) <= p) {
            visible++;
          }
        }
      }
      assertEquals(p, visible, "published entries in a scan (seed " + seed + ")");
      checks++;
      // Backward steps re-search from the top while nodes are linked in: order must hold.
      previous = null;
      int steps = 0;
      try (InternalIterator it = m.newIterator()) {
        for (it.seekToLast(); it.isValid() && steps < 2000; it.prev(), steps++) {
          byte[] k =
              Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength());
          if (previous != null) {
            assertTrue(InternalKey.compare(k, previous) < 0, "reverse order (seed " + seed + ")");
          }
          previous = k;
        }
      }
      checks++;
    }
    return checks;
  }

  private static void assertEntry(byte[] key, byte[] value, InternalIterator it) {
    assertTrue(it.isValid());
    assertArrayEquals(
        key, Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength()));
    assertArrayEquals(
        value,
        Arrays.copyOfRange(it.valueArray(), it.valueOffset(), it.valueOffset() + it.valueLength()));
  }

  private static List<String> lookup(MemTable m, byte[] key, long snapshot) {
    List<String> out = new ArrayList<>();
    m.get(
        key,
        snapshot,
        (seq, type, v, off, len) -> {
          out.add("@" + seq + " " + type + " " + new String(v, off, len, StandardCharsets.UTF_8));
          return true;
        });
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
