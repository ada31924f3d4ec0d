/**
 * Range deletions on the read path. Range tombstones are stored apart from point entries (in the
 * memtable, in an SST's range-deletion block) and collected per read into a fragmented, immutable
 * {@link io.sediment.lsm.internal.rangedel.TombstoneSet}: a tombstone {@code [b, e) @ s} deletes
 * every entry of a key in {@code [b, e)} whose sequence number is below {@code s}, for readers
 * whose snapshot is at or above {@code s}.
 */
package io.sediment.lsm.internal.rangedel;
