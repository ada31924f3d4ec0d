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

  /** The oldest immutable memtable, or null. */
  Frozen oldest() {
    return immutables.isEmpty() ? null : immutables.get(immutables.size() - 1);
  }

  /** Drops {@code flushed}, which must be the oldest immutable memtable. */
  MemTables withoutOldest(Frozen flushed) {
    if (oldest() != flushed) {
      throw new IllegalStateException("flushes must complete oldest first");
    }
    return new MemTables(active, activeLogNumber, immutables.subList(0, immutables.size() - 1));
  }

  /**
   * The write-ahead log holding the oldest writes not yet in an SST once {@code flushed} is
   * flushed: the next newer memtable's log.
   */
  long logNumberAfterFlushing(Frozen flushed) {
    int i = immutables.indexOf(flushed);
    return i > 0 ? immutables.get(i - 1).logNumber() : activeLogNumber;
  }

  /** Whether a memtable holds anything to flush. */
  static boolean hasData(MemTable m) {
    return !m.isEmpty() || !m.rangeTombstones().isEmpty();
  }
}
