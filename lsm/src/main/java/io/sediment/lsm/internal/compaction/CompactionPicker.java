package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.internal.version.Version;
import java.util.List;
import java.util.Optional;

/**
 * Decides which compaction, if any, a store should run next.
 *
 * <p>Contract: {@link #pick} is a pure function of the immutable version it is given, the jobs
 * already running and the picker's own settings: the same arguments always yield the same job, it
 * performs no I/O, and it never modifies the version. The store calls it after each flush and
 * compaction and runs the job it proposes on its {@link io.sediment.lsm.CompactionService}. A job's
 * inputs must be files of the version that no running job uses, its outputs must keep the level
 * invariants (level 0 may overlap; deeper levels are disjoint), which the store checks when
 * installing the result, and data must never move below older data of the same keys. Writes stall
 * while level 0 holds {@code l0StopWritesTrigger} files, so a picker must propose a level-0
 * compaction by then, or writes wait for ever.
 *
 * <p>A picker that only implements {@link #pick(Version)} is asked only when nothing runs, so its
 * jobs run one at a time. The store uses {@link LeveledCompactionPicker}.
 */
public interface CompactionPicker {

  /**
   * The next job for {@code version} when no compaction is running, or empty when no level needs
   * compacting.
   *
   * @throws IllegalArgumentException never for a well-formed version
   */
  Optional<CompactionJobSpec> pick(Version version);

  /**
   * The next job for {@code version} while the {@code running} jobs (whose inputs are files of
   * {@code version}) are under way: one that shares no input file with them and writes no key range
   * they write into the same level. The default proposes a job only when nothing runs.
   *
   * @throws IllegalArgumentException never for a well-formed version
   */
  default Optional<CompactionJobSpec> pick(Version version, List<CompactionJobSpec> running) {
    return running.isEmpty() ? pick(version) : Optional.empty();
  }
}
