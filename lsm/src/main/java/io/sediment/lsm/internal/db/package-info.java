/**
 * The engine behind {@link io.sediment.lsm.Db}, one concern per class: {@code DbOpener} (recovery),
 * {@code WritePath}, {@code ReadPath}, {@code MemTableFlusher}, {@code CompactionRun}, {@code
 * TableCache}, {@code ReadTiers} (the block cache and the local-disk file cache), with {@code
 * DbImpl} coordinating them.
 *
 * <p><b>Sequence numbers.</b> The single writer assigns consecutive numbers to a batch, inserts it
 * into the active memtable, and only then publishes the batch's last number as the visible
 * sequence; reads and new snapshots use the visible sequence, so a batch appears all at once.
 *
 * <p><b>What a read sees.</b> A read takes the memtable set (an immutable record replaced on switch
 * and flush) and then pins the current version. A flush installs its new level-0 file in the
 * version before it drops the memtable from the set, so whichever set a reader took, the union of
 * that set and any later version holds every write. A reader may then meet a write twice (in the
 * memtable and in its file); both copies carry the same sequence number, and the point lookup and
 * the iterator skip an entry whose number repeats the previous one of the same key, so a merge
 * operand is folded once.
 *
 * <p><b>File lifetime.</b> Versions are reference-counted; a file is released (reader closed, file
 * deleted if owned, dropped from both read tiers) only when no version holding it is referenced, so
 * iterators and compactions never lose a file under them. Flushes and compactions never reuse a
 * file number, and a number found on disk at open (left by a crash) is skipped.
 *
 * <p><b>Background work.</b> One flush thread flushes immutable memtables oldest first. Compactions
 * are picked after every flush and compaction, or by a manual {@code compactRange}; up to {@code
 * maxBackgroundCompactions} run at once (one until level 0 reaches RocksDB's speed-up threshold),
 * and the picker never hands out a file that a running job already holds, so jobs never conflict
 * over inputs. Each runs on the {@link io.sediment.lsm.CompactionService} and its edit is installed
 * through the manifest. Writers stall while too many memtables wait or level 0 is too deep, and
 * wake when background work finishes. A failed flush or compaction stops writes with that error
 * rather than risk losing data.
 */
package io.sediment.lsm.internal.db;
