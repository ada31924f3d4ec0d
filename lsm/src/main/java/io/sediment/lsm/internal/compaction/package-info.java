/**
 * Compaction: the pure {@link io.sediment.lsm.internal.compaction.LeveledCompactionPicker} that
 * proposes a {@link io.sediment.lsm.internal.compaction.CompactionJobSpec} from an immutable
 * version, and the {@link io.sediment.lsm.internal.compaction.CompactionIterator} that decides
 * which entries survive (snapshots, tombstones, merges, the compaction filter). The job that reads
 * inputs and writes outputs lives with the store ({@code internal.db.CompactionRun}), since it
 * needs its files and settings; it reaches a {@link io.sediment.lsm.CompactionService} as a public
 * {@link io.sediment.lsm.CompactionJob} value.
 */
package io.sediment.lsm.internal.compaction;
