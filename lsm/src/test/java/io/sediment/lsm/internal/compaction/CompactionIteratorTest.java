package io.sediment.lsm.internal.compaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.iterator.MergingIterator;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import io.sediment.lsm.internal.read.DbIteratorImpl;
import io.sediment.lsm.internal.read.ReadModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Property test: what a compaction writes (entries plus kept range tombstones), read at every live
 * snapshot and at the latest state, equals what its inputs read there. Reads of the output go
 * through {@link DbIteratorImpl}; expectations come from {@link ReadModel}. A failure names its
 * seed.
 */
class CompactionIteratorTest {

  private static final int SEEDS = 3000;

  /** Removes values containing '7', rewrites those containing '3' (deterministic). */
  private static final CompactionFilter FILTER =
      new CompactionFilter() {
        @Override
        public String name() {
          return "test";
        }

        @Override
        public Result filter(int level, byte[] userKey, byte[] value) {
          String v = ReadModel.str(value);
          if (v.contains("7")) {
            return Result.remove();
          }
          if (v.contains("3")) {
            return Result.changeValue(("changed:" + v).getBytes(StandardCharsets.ISO_8859_1));
          }
          return Result.keep();
        }
      };

  @Test
  void outputReadsLikeInputAtEverySnapshot() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      try {
        runSeed(seed, false);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("compaction property test failed for seed " + seed, e);
      }
    }
  }

  @Test
  void filterChangesOnlyTheLatestState() {
    for (int seed = 1; seed <= SEEDS / 2; seed++) {
      try {
        runSeed(seed, true);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("compaction filter property test failed for seed " + seed, e);
      }
    }
  }

  private static void runSeed(long seed, boolean withFilter) {
    Random r = new Random(seed);
    boolean merges = r.nextInt(4) != 0;
    MergeFunction f = merges ? ReadModel.CONCAT : null;
    boolean bottommost = r.nextBoolean();
    ReadModel model = new ReadModel(ReadModel.CONCAT);
    long seq = 0;
    // Above the bottommost level, older data lies below the output: it must read the same through
    // the output as through the inputs (point deletions and tombstones that hide it must stay).
    MemTable below = new MemTable(seed ^ 0x5555);
    if (!bottommost) {
      int n = r.nextInt(40);
      for (int j = 0; j < n; j++) {
        ReadModel.Op op = ReadModel.randomOp(r, ++seq, merges);
        model.add(op);
        ReadModel.apply(below, op);
      }
    }
    List<MemTable> inputs = new ArrayList<>();
    int inputCount = 1 + r.nextInt(3);
    for (int i = 0; i < inputCount; i++) {
      MemTable m = new MemTable(seed + i);
      inputs.add(m);
      int n = r.nextInt(r.nextBoolean() ? 15 : 80);
      for (int j = 0; j < n; j++) {
        ReadModel.Op op = ReadModel.randomOp(r, ++seq, merges);
        model.add(op);
        ReadModel.apply(m, op);
      }
    }
    long maxSeq = seq;
    TreeSet<Long> snapshotSet = new TreeSet<>();
    int snapshotCount = r.nextInt(4);
    for (int i = 0; i < snapshotCount && maxSeq > 0; i++) {
      snapshotSet.add((long) r.nextInt((int) maxSeq + 1));
    }
    long[] snapshots = snapshotSet.stream().mapToLong(Long::longValue).toArray();

    List<RangeTombstone> inputTombstones = new ArrayList<>();
    List<InternalIterator> children = new ArrayList<>();
    for (MemTable m : inputs) {
      inputTombstones.addAll(m.rangeTombstones());
      children.add(m.newIterator());
    }
    MemTable output = new MemTable(seed);
    List<RangeTombstone> kept;
    byte[] previous = null;
    try (CompactionIterator c =
        new CompactionIterator(
            new MergingIterator(children),
            TombstoneSet.of(inputTombstones),
            snapshots,
            f,
            withFilter ? FILTER : null,
            3,
            bottommost)) {
      for (c.seekToFirst(); c.isValid(); c.next()) {
        byte[] k = c.key();
        if (previous != null) {
          assertTrue(InternalKey.compare(previous, k) < 0, "output out of order");
        }
        previous = k;
        ValueType type = InternalKey.type(k, 0, k.length);
        byte[] value =
            Arrays.copyOfRange(c.valueArray(), c.valueOffset(), c.valueOffset() + c.valueLength());
        output.add(InternalKey.sequence(k, 0, k.length), type, InternalKey.userKey(k), value);
      }
      kept = c.tombstonesToKeep();
      assertTrue(c.outputEntries() <= c.inputEntries(), "compaction never adds entries");
    }
    if (bottommost) {
      assertNoTrailingDeletes(output);
    }
    for (RangeTombstone t : kept) {
      output.addRangeTombstone(t);
    }
    List<RangeTombstone> readTombstones = new ArrayList<>(kept);
    readTombstones.addAll(below.rangeTombstones());
    TombstoneSet readSet = TombstoneSet.of(readTombstones);
    String where = "snapshots " + Arrays.toString(snapshots) + " bottommost " + bottommost;

    List<Long> readAt = new ArrayList<>(snapshotSet);
    readAt.add(maxSeq);
    for (long s : readAt) {
      boolean latest = s == maxSeq && !snapshotSet.contains(maxSeq);
      TreeMap<byte[], byte[]> want = model.scan(s, null, null);
      TreeMap<byte[], byte[]> got = scan(List.of(output, below), readSet, s, f);
      if (!withFilter || !latest) {
        assertEquals(show(want), show(got), where + " read at " + s);
        continue;
      }
      // Latest state with a filter: each key reads as before, or as the filter made it.
      TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
      keys.addAll(want.keySet());
      keys.addAll(got.keySet());
      for (byte[] k : keys) {
        byte[] before = want.get(k);
        byte[] after = got.get(k);
        if (Arrays.equals(before, after)) {
          continue;
        }
        assertTrue(before != null, where + " key " + Bytes.toDisplay(k) + " appeared");
        CompactionFilter.Result decision = FILTER.filter(3, k, before);
        byte[] filtered =
            decision.decision() == CompactionFilter.Decision.REMOVE
                ? null
                : decision.decision() == CompactionFilter.Decision.CHANGE_VALUE
                    ? decision.newValue()
                    : before;
        assertArrayEquals(filtered, after, where + " key " + Bytes.toDisplay(k));
      }
    }
  }

  /** At the bottommost level no key's oldest output entry is a DELETE: it would hide nothing. */
  private static void assertNoTrailingDeletes(MemTable output) {
    List<byte[]> keys = new ArrayList<>();
    try (InternalIterator it = output.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        keys.add(
            Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength()));
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      byte[] k = keys.get(i);
      boolean oldestOfKey =
          i + 1 == keys.size()
              || !Arrays.equals(InternalKey.userKey(k), InternalKey.userKey(keys.get(i + 1)));
      assertFalse(
          oldestOfKey && InternalKey.type(k, 0, k.length) == ValueType.DELETE,
          "bottommost output keeps " + InternalKey.toString(k, 0, k.length));
    }
  }

  private static TreeMap<byte[], byte[]> scan(
      List<MemTable> sources, TombstoneSet tombstones, long snapshot, MergeFunction f) {
    TreeMap<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
    List<InternalIterator> children = new ArrayList<>();
    sources.forEach(m -> children.add(m.newIterator()));
    try (DbIterator it =
        new DbIteratorImpl(
            new MergingIterator(children), tombstones, snapshot, f, null, null, () -> {})) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.put(it.key(), it.value());
      }
    }
    return out;
  }

  private static String show(Map<byte[], byte[]> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach(
        (k, v) -> sb.append(Bytes.toDisplay(k)).append('=').append(Bytes.toDisplay(v)).append(' '));
    return sb.toString();
  }

  @Test
  void hiddenVersionsAreDroppedAndSnapshotsKeepTheirs() {
    MemTable m = new MemTable();
    byte[] k = bytes("k");
    m.add(1, ValueType.PUT, k, bytes("a"));
    m.add(2, ValueType.PUT, k, bytes("b"));
    m.add(3, ValueType.PUT, k, bytes("c"));
    m.add(4, ValueType.PUT, k, bytes("d"));
    assertEquals(List.of("k@4 PUT d"), compact(m, new long[0], null, null, false));
    assertEquals(List.of("k@4 PUT d", "k@2 PUT b"), compact(m, new long[] {2}, null, null, false));
    assertEquals(
        List.of("k@4 PUT d", "k@3 PUT c", "k@2 PUT b"),
        compact(m, new long[] {2, 3}, null, null, false));
  }

  @Test
  void bottommostDropsDeletionsWithNothingBelow() {
    MemTable m = new MemTable();
    m.add(1, ValueType.PUT, bytes("a"), bytes("x"));
    m.add(2, ValueType.DELETE, bytes("a"), null);
    m.add(3, ValueType.DELETE, bytes("b"), null);
    assertEquals(List.of(), compact(m, new long[0], null, null, true));
    assertEquals(List.of("a@2 DELETE ", "b@3 DELETE "), compact(m, new long[0], null, null, false));
    // A snapshot between the put and the delete pins both; every snapshot sees the put, so at the
    // bottom its sequence number is zeroed.
    assertEquals(List.of("a@2 DELETE ", "a@0 PUT x"), compact(m, new long[] {1}, null, null, true));
  }

  @Test
  void mergesFoldOntoBaseOrPartiallyOrAtBottom() {
    MemTable m = new MemTable();
    byte[] k = bytes("k");
    m.add(1, ValueType.PUT, k, bytes("b"));
    m.add(2, ValueType.MERGE, k, bytes("m2"));
    m.add(3, ValueType.MERGE, k, bytes("m3"));
    assertEquals(
        List.of("k@3 PUT b+m2+m3"), compact(m, new long[0], ReadModel.CONCAT, null, false));
    // Snapshot 1 separates the base: the operands combine partially.
    assertEquals(
        List.of("k@3 MERGE m2+m3", "k@1 PUT b"),
        compact(m, new long[] {1}, ReadModel.CONCAT, null, false));

    MemTable ops = new MemTable();
    ops.add(5, ValueType.MERGE, k, bytes("m5"));
    ops.add(6, ValueType.MERGE, k, bytes("n6")); // refuses partial merge
    assertEquals(
        List.of("k@6 MERGE n6", "k@5 MERGE m5"),
        compact(ops, new long[0], ReadModel.CONCAT, null, false));
    assertEquals(
        List.of("k@0 PUT ~+m5+n6"), compact(ops, new long[0], ReadModel.CONCAT, null, true));
    assertEquals(
        List.of("k@6 MERGE n6", "k@5 MERGE m5"), compact(ops, new long[0], null, null, true));
  }

  @Test
  void rangeTombstonesDropCoveredEntriesOfTheirStripe() {
    MemTable m = new MemTable();
    m.add(1, ValueType.PUT, bytes("a"), bytes("x"));
    m.add(2, ValueType.PUT, bytes("b"), bytes("y"));
    m.addRangeTombstone(new RangeTombstone(bytes("a"), bytes("c"), 3));
    m.add(4, ValueType.PUT, bytes("b"), bytes("z"));
    assertEquals(List.of("b@4 PUT z"), compact(m, new long[0], null, null, false));
    assertEquals(
        List.of("a@0 PUT x", "b@4 PUT z", "b@0 PUT y"),
        compact(m, new long[] {2}, null, null, true));
    assertEquals(
        2, keptTombstones(m, new long[] {2}, true) + keptTombstones(m, new long[0], false));
    assertEquals(0, keptTombstones(m, new long[0], true));
    assertEquals(0, keptTombstones(m, new long[] {3}, true));
  }

  @Test
  void filterAppliesOnlyAboveTheNewestSnapshot() {
    MemTable m = new MemTable();
    m.add(1, ValueType.PUT, bytes("a"), bytes("v7"));
    m.add(2, ValueType.PUT, bytes("b"), bytes("v3"));
    m.add(3, ValueType.PUT, bytes("c"), bytes("v7"));
    assertEquals(
        List.of("a@1 PUT v7", "b@2 PUT changed:v3", "c@3 DELETE "),
        compact(m, new long[] {1}, null, FILTER, false));
    assertEquals(List.of("b@0 PUT changed:v3"), compact(m, new long[0], null, FILTER, true));
  }

  @Test
  void theBottommostLevelZeroesSequenceNumbersEverySnapshotSees() {
    MemTable m = new MemTable();
    m.add(2, ValueType.PUT, bytes("a"), bytes("old"));
    m.add(5, ValueType.PUT, bytes("a"), bytes("new"));
    m.add(4, ValueType.PUT, bytes("b"), bytes("seen-by-none"));
    m.add(6, ValueType.MERGE, bytes("c"), bytes("op"));
    m.add(7, ValueType.DELETE, bytes("d"), null);
    m.add(1, ValueType.PUT, bytes("d"), bytes("gone"));
    // Snapshot 3 sees a@2 only: a@5 and b@4 keep their numbers; operands and deletes never change.
    assertEquals(
        List.of(
            "a@5 PUT new",
            "a@0 PUT old",
            "b@4 PUT seen-by-none",
            "c@6 MERGE op",
            "d@7 DELETE ",
            "d@0 PUT gone"),
        compact(m, new long[] {3}, null, null, true));
    assertEquals(
        List.of(
            "a@5 PUT new",
            "a@2 PUT old",
            "b@4 PUT seen-by-none",
            "c@6 MERGE op",
            "d@7 DELETE ",
            "d@1 PUT gone"),
        compact(m, new long[] {3}, null, null, false),
        "above the bottom, older versions may lie below: numbers stay");
    assertEquals(
        List.of("a@0 PUT new", "b@0 PUT seen-by-none", "c@6 MERGE op"),
        compact(m, new long[0], null, null, true));
  }

  @Test
  void rejectsUnorderedSnapshots() {
    MemTable m = new MemTable();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CompactionIterator(
                m.newIterator(), TombstoneSet.empty(), new long[] {3, 3}, null, null, 1, false));
  }

  private static int keptTombstones(MemTable m, long[] snapshots, boolean bottommost) {
    try (CompactionIterator c =
        new CompactionIterator(
            m.newIterator(), m.tombstoneSet(), snapshots, null, null, 1, bottommost)) {
      return c.tombstonesToKeep().size();
    }
  }

  private static List<String> compact(
      MemTable m, long[] snapshots, MergeFunction f, CompactionFilter filter, boolean bottommost) {
    List<String> out = new ArrayList<>();
    try (CompactionIterator c =
        new CompactionIterator(
            m.newIterator(), m.tombstoneSet(), snapshots, f, filter, 1, bottommost)) {
      for (c.seekToFirst(); c.isValid(); c.next()) {
        byte[] k = c.key();
        out.add(
            ReadModel.str(InternalKey.userKey(k))
                + "@"
                + InternalKey.sequence(k, 0, k.length)
                + " "
                + InternalKey.type(k, 0, k.length)
                + " "
                + ReadModel.str(
                    Arrays.copyOfRange(
                        c.valueArray(), c.valueOffset(), c.valueOffset() + c.valueLength())));
      }
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
