/**
 * Read semantics: how the versions of a key, spread over memtables and files, become the one value
 * a reader sees.
 *
 * <p><b>MVCC.</b> Every write gets a sequence number; a reader reads at one (its snapshot's, or the
 * latest published) and ignores everything above it. Sources are ordered newest first (active
 * memtable, immutable memtables, L0 files newest first, then deeper levels), and within a source
 * entries of one key are ordered by sequence number descending, so a reader stops at the first
 * entry that decides the key.
 *
 * <p><b>What decides a key</b>, newest entry at or below the snapshot first: a PUT (its value); a
 * DELETE (no value); an entry older than a range tombstone visible at the snapshot (no value);
 * MERGE operands are collected until one of those, then folded oldest first by the merge function
 * onto the PUT's value or onto nothing. {@link io.sediment.lsm.internal.read.GetContext} applies
 * this to a point lookup, {@link io.sediment.lsm.internal.read.DbIteratorImpl} to every key of a
 * merged iterator, in both directions. Compaction preserves exactly these answers for every live
 * snapshot (see {@link io.sediment.lsm.internal.compaction.CompactionIterator}).
 */
package io.sediment.lsm.internal.read;
