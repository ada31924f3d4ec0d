/**
 * The memtable: the sorted in-memory buffer of recent writes, every version of every key kept in
 * internal-key order so that readers at any snapshot find their version by sequence number.
 *
 * <p>Concurrency is single-writer, many-readers without locks (see {@link
 * io.sediment.lsm.internal.memtable.SkipList}): the write path already serializes writes to assign
 * sequence numbers, so the structure need not support concurrent writers and spends no CAS on them.
 * Readers never block and never see a half-inserted entry; what they see is bounded by their
 * snapshot's sequence number, not by the structure.
 */
package io.sediment.lsm.internal.memtable;
