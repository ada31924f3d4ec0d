package io.sediment.lsm.internal.db;

import io.sediment.lsm.internal.memtable.MemTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The memtables of a store at one moment: the active one taking writes and the immutable ones
 * waiting for flush, newest first. Immutable: a switch or a finished flush replaces the whole
 * object, so a reader that grabbed one sees a consistent set.
 *
 * @param active the memtable taking writes
 * @param activeLogNumber the write-ahead log of the active memtable (0 when the log is off)
 * @param immutables full memtables, newest first
 */
record MemTables(MemTable active, long activeLogNumber, List<Frozen> immutables) {

  /** A full memtable and the write-ahead log holding its writes (0 when the log is off). */
  record Frozen(MemTable table, long logNumber) {}

  MemTables {
    immutables = List.copyOf(immutables);
  }

  /** Freezes the active memtable and starts {@code next}. */
  MemTables switchTo(MemTable next, long nextLogNumber) {
    List<Frozen> imms = new ArrayList<>(immutables.size() + 1);
    imms.add(new Frozen(active, activeLogNumber));
    imms.addAll(immutables);
    return new MemTables(next, nextLogNumber, imms);
  }

  /** Up to {@code max} of the oldest immutable memtables, oldest first; empty if none. */
  List<Frozen> oldest(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    int n = Math.min(max, immutables.size());
    List<Frozen> out = new ArrayList<>(n);
    for (int i = immutables.size() - 1; i >= immutables.size() - n; i--) {
      out.add(immutables.get(i));
    }
    return out;
  }

  /**
   * The oldest immutable memtables, oldest first: the oldest one, then each next newer one while
   * all together stay within {@code maxBytes}; empty if there is none.
   */
  List<Frozen> oldestWithin(long maxBytes) {
    List<Frozen> out = new ArrayList<>();
    long total = 0;
    for (int i = immutables.size() - 1; i >= 0; i--) {
      Frozen f = immutables.get(i);
      long bytes = f.table().approximateBytes();
      if (!out.isEmpty() && total + bytes > maxBytes) {
        break;
      }
      out.add(f);
      total += bytes;
    }
    return out;
  }

  /** Drops {@code flushed}, which must be the oldest immutable memtables, oldest first. */
  MemTables withoutOldest(List<Frozen> flushed) {
    if (!oldest(Math.max(1, flushed.size())).equals(flushed) || flushed.isEmpty()) {
      throw new IllegalStateException("flushes must complete oldest first");
    }
    return new MemTables(
        active, activeLogNumber, immutables.subList(0, immutables.size() - flushed.size()));
  }

  /**
   * The write-ahead log holding the oldest writes not yet in an SST once {@code flushed} (the
   * oldest immutable memtables, oldest first) is flushed: the next newer memtable's log.
   */
  long logNumberAfterFlushing(List<Frozen> flushed) {
    int i = immutables.indexOf(flushed.get(flushed.size() - 1));
    return i > 0 ? immutables.get(i - 1).logNumber() : activeLogNumber;
  }

  /** Whether a memtable holds anything to flush. */
  static boolean hasData(MemTable m) {
    return !m.isEmpty() || !m.rangeTombstones().isEmpty();
  }
}
