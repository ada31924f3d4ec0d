/**
 * Compaction: the pure {@link io.sediment.lsm.internal.compaction.LeveledCompactionPicker} that
 * proposes a {@link io.sediment.lsm.internal.compaction.CompactionJobSpec} from an immutable
 * version, the {@link io.sediment.lsm.internal.compaction.CompactionIterator} that decides which
 * entries survive (snapshots, tombstones, merges, the compaction filter), and the local {@link
 * io.sediment.lsm.CompactionService}. The job that reads inputs and writes outputs lives with the
 * store ({@code internal.db.CompactionJob}), since it needs its files and settings.
 */
package io.sediment.lsm.internal.compaction;
