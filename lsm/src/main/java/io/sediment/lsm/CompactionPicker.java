package io.sediment.lsm;

import io.sediment.lsm.internal.compaction.CompactionJobSpec;
import io.sediment.lsm.internal.compaction.LeveledCompactionPicker;
import io.sediment.lsm.internal.version.Version;
import java.util.Optional;

/**
 * Decides which compaction, if any, a store should run next.
 *
 * <p>Contract: {@link #pick} is a pure function of the immutable version it is given (and the
 * picker's own settings): the same version always yields the same job, it performs no I/O, and it
 * never modifies the version. The store calls it after each flush and compaction and runs the job
 * it proposes on its {@link CompactionService}; it runs one job at a time, so a picker need not
 * track jobs in flight. A job's inputs must be files of the version, and its outputs must keep the
 * level invariants (level 0 may overlap; deeper levels are disjoint), which the store checks when
 * installing the result. Writes stall while level 0 holds {@code l0StopWritesTrigger} files, so a
 * picker must propose a level-0 compaction by then, or writes wait for ever.
 */
public interface CompactionPicker {

  /**
   * The next job for {@code version}, or empty when no level needs compacting.
   *
   * @throws IllegalArgumentException never for a well-formed version
   */
  Optional<CompactionJobSpec> pick(Version version);

  /**
   * The default leveled picker: level 0 is compacted once it holds {@code l0CompactionTrigger}
   * files, level 1 once it exceeds {@code maxBytesForLevelBase}, each deeper level at ten times the
   * one above; outputs are cut at {@code targetFileSize}.
   *
   * @throws IllegalArgumentException naming any non-positive value
   */
  static CompactionPicker leveled(
      int l0CompactionTrigger, long maxBytesForLevelBase, long targetFileSize) {
    return new LeveledCompactionPicker(
        l0CompactionTrigger, maxBytesForLevelBase, 10, targetFileSize);
  }
}
