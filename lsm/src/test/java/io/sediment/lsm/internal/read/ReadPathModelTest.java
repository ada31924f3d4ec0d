package io.sediment.lsm.internal.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.iterator.MergingIterator;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded model test of {@link DbIteratorImpl} and {@link GetContext}: random writes (puts, deletes,
 * range deletes, merges) spread over several memtables standing for the memtable and older sources,
 * read at several snapshots with random bounds, compared with {@link ReadModel}. A failure names
 * its seed.
 */
class ReadPathModelTest {

  private static final int SEEDS = 1500;

  @Test
  void randomHistoriesMatchTheModel() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      try {
        runSeed(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("read path model test failed for seed " + seed, e);
      }
    }
  }

  /** Sources: index 0 is the oldest. */
  private static void runSeed(long seed) {
    Random r = new Random(seed);
    boolean merges = r.nextInt(4) != 0;
    MergeFunction f = merges ? ReadModel.CONCAT : null;
    ReadModel model = new ReadModel(ReadModel.CONCAT);
    int sourceCount = 1 + r.nextInt(4);
    List<MemTable> sources = new ArrayList<>();
    int opCount = 1 + r.nextInt(r.nextBoolean() ? 20 : 120);
    long seq = 0;
    for (int s = 0; s < sourceCount; s++) {
      MemTable m = new MemTable(seed * 31 + s);
      sources.add(m);
      int n = s == sourceCount - 1 ? opCount : r.nextInt(opCount + 1);
      opCount -= n;
      for (int i = 0; i < n; i++) {
        ReadModel.Op op = ReadModel.randomOp(r, ++seq, merges);
        model.add(op);
        ReadModel.apply(m, op);
      }
    }
    long maxSeq = seq;
    List<RangeTombstone> all = new ArrayList<>();
    for (MemTable m : sources) {
      all.addAll(m.rangeTombstones());
    }
    TombstoneSet tombstones = TombstoneSet.of(all);

    for (int round = 0; round < 4; round++) {
      long snapshot = round == 0 ? maxSeq : r.nextInt((int) maxSeq + 1);
      byte[] lower = r.nextInt(3) == 0 ? ReadModel.randomKey(r) : null;
      byte[] upper = r.nextInt(3) == 0 ? ReadModel.randomKey(r) : null;
      if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) > 0) {
        byte[] t = lower;
        lower = upper;
        upper = t;
      }
      String where =
          "snapshot "
              + snapshot
              + " bounds ["
              + Bytes.toDisplay(lower)
              + ", "
              + Bytes.toDisplay(upper)
              + ")";
      TreeMap<byte[], byte[]> expected = model.scan(snapshot, lower, upper);
      List<byte[]> keys = new ArrayList<>(expected.keySet());

      int[] closes = new int[1];
      try (DbIterator it = newIterator(sources, tombstones, snapshot, f, lower, upper, closes)) {
        // Full forward and backward scans.
        List<byte[]> seen = new ArrayList<>();
        for (it.seekToFirst(); it.isValid(); it.next()) {
          seen.add(it.key());
          assertArrayEquals(expected.get(it.key()), it.value(), where);
        }
        assertKeys(keys, seen, where + " forward");
        seen.clear();
        for (it.seekToLast(); it.isValid(); it.prev()) {
          seen.add(0, it.key());
          assertArrayEquals(expected.get(it.key()), it.value(), where);
        }
        assertKeys(keys, seen, where + " backward");

        // A random walk with seeks and direction changes, tracking the expected position.
        int pos = -1; // index into keys; -1 or keys.size() = invalid
        for (int step = 0; step < 60; step++) {
          int action = r.nextInt(6);
          String what;
          if (action == 0) {
            it.seekToFirst();
            pos = keys.isEmpty() ? -1 : 0;
            what = "seekToFirst";
          } else if (action == 1) {
            it.seekToLast();
            pos = keys.size() - 1;
            what = "seekToLast";
          } else if (action == 2) {
            byte[] t = ReadModel.randomKey(r);
            it.seek(t);
            Map.Entry<byte[], byte[]> e = expected.ceilingEntry(t);
            pos = e == null ? -1 : indexOf(keys, e.getKey());
            what = "seek " + Bytes.toDisplay(t);
          } else if (action == 3) {
            byte[] t = ReadModel.randomKey(r);
            it.seekForPrev(t);
            Map.Entry<byte[], byte[]> e = expected.floorEntry(t);
            pos = e == null ? -1 : indexOf(keys, e.getKey());
            what = "seekForPrev " + Bytes.toDisplay(t);
          } else if (pos >= 0 && action == 4) {
            it.next();
            pos = pos + 1 < keys.size() ? pos + 1 : -1;
            what = "next";
          } else if (pos >= 0) {
            it.prev();
            pos = pos - 1;
            what = "prev";
          } else {
            continue;
          }
          String ctx = where + " step " + step + " " + what;
          if (pos < 0) {
            assertFalse(it.isValid(), ctx);
          } else {
            assertTrue(it.isValid(), ctx + " expected " + Bytes.toDisplay(keys.get(pos)));
            assertArrayEquals(keys.get(pos), it.key(), ctx);
            assertArrayEquals(expected.get(keys.get(pos)), it.value(), ctx);
          }
        }
      }
      assertEquals(1, closes[0], "onClose runs once");

      // Point lookups across the sources, newest first.
      for (int i = 0; i < 30; i++) {
        byte[] key = ReadModel.randomKey(r);
        byte[] want = model.get(key, snapshot);
        assertArrayEquals(
            want, get(sources, key, snapshot, f), "get " + Bytes.toDisplay(key) + " " + where);
      }
    }
  }

  static DbIterator newIterator(
      List<MemTable> sources,
      TombstoneSet tombstones,
      long snapshot,
      MergeFunction f,
      byte[] lower,
      byte[] upper,
      int[] closes) {
    List<InternalIterator> children = new ArrayList<>();
    for (MemTable m : sources) {
      children.add(m.newIterator());
    }
    return new DbIteratorImpl(
        new MergingIterator(children), tombstones, snapshot, f, lower, upper, () -> closes[0]++);
  }

  /** The engine's point lookup: newest source first, each after its tombstones and newer ones. */
  static byte[] get(List<MemTable> sources, byte[] key, long snapshot, MergeFunction f) {
    GetContext ctx = new GetContext(key, snapshot, f);
    for (int s = sources.size() - 1; s >= 0 && !ctx.isDone(); s--) {
      MemTable m = sources.get(s);
      ctx.coveredBelow(m.tombstoneSet().maxCoveringSequence(key, snapshot));
      m.get(key, snapshot, ctx);
    }
    return ctx.result();
  }

  private static int indexOf(List<byte[]> keys, byte[] k) {
    for (int i = 0; i < keys.size(); i++) {
      if (Arrays.equals(keys.get(i), k)) {
        return i;
      }
    }
    throw new AssertionError("no key " + Bytes.toDisplay(k));
  }

  private static void assertKeys(List<byte[]> expected, List<byte[]> actual, String where) {
    List<String> e = new ArrayList<>();
    expected.forEach(k -> e.add(Bytes.toDisplay(k)));
    List<String> a = new ArrayList<>();
    actual.forEach(k -> a.add(Bytes.toDisplay(k)));
    assertEquals(e, a, where);
  }
}
