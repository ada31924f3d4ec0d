package io.sediment.lsm.internal.version;

import java.util.List;

/**
 * Everything the manifest records about a store at one point: the live files and the counters.
 *
 * @param version the live files
 * @param nextFileNumber the next unused file number
 * @param lastSequence the highest sequence number reflected by the store
 * @param logNumber oldest write-ahead log still needed (0 when none)
 * @param pendingOutputs numbers below {@code nextFileNumber} handed to flushes and compactions
 *     still running, whose files are not in {@code version}: if the store stops now, files with
 *     these numbers (and numbers from {@code nextFileNumber} on) are unfinished outputs that no
 *     manifest ever listed, and recovery deletes them. Ascending, no duplicates.
 */
public record VersionState(
    Version version,
    long nextFileNumber,
    long lastSequence,
    long logNumber,
    List<Long> pendingOutputs) {

  /**
   * @throws IllegalArgumentException if pending outputs are not ascending or not below the next
   *     file number
   */
  public VersionState {
    pendingOutputs = List.copyOf(pendingOutputs);
    for (int i = 0; i < pendingOutputs.size(); i++) {
      long n = pendingOutputs.get(i);
      if (n <= 0 || n >= nextFileNumber || (i > 0 && pendingOutputs.get(i - 1) >= n)) {
        throw new IllegalArgumentException(
            "pending outputs must be ascending, positive and below the next file number "
                + nextFileNumber
                + ": "
                + pendingOutputs);
      }
    }
  }

  /** A state with no flush or compaction under way. */
  public VersionState(Version version, long nextFileNumber, long lastSequence, long logNumber) {
    this(version, nextFileNumber, lastSequence, logNumber, List.of());
  }
}
