package io.sediment.lsm.internal.db;

import java.util.Map;
import java.util.TreeMap;

/**
 * Sequence numbers pinned by open snapshots, with multiplicity. Compaction keeps every version a
 * pinned sequence can see. Thread-safe.
 */
final class SnapshotList {

  private final TreeMap<Long, Integer> pinned = new TreeMap<>();

  synchronized void add(long sequence) {
    pinned.merge(sequence, 1, Integer::sum);
  }

  synchronized void remove(long sequence) {
    pinned.computeIfPresent(sequence, (k, n) -> n == 1 ? null : n - 1);
  }

  /** Distinct pinned sequences, ascending. */
  synchronized long[] ascending() {
    long[] out = new long[pinned.size()];
    int i = 0;
    for (Map.Entry<Long, Integer> e : pinned.entrySet()) {
      out[i++] = e.getKey();
    }
    return out;
  }

  synchronized int size() {
    return pinned.values().stream().mapToInt(Integer::intValue).sum();
  }
}
