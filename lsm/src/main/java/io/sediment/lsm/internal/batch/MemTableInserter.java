package io.sediment.lsm.internal.batch;

import io.sediment.lsm.WriteBatch;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.memtable.MemTable;

/**
 * Applies a {@link WriteBatch} to a memtable, giving its operations consecutive sequence numbers
 * from {@code firstSequence} in batch order (so a later operation on the same key wins, as in
 * RocksDB). The caller reserves {@code batch.count()} sequence numbers and publishes the last one
 * to readers only after the whole batch is in, which makes the batch atomic for readers.
 *
 * <p>Writer side of the memtable: the caller holds the write lock.
 */
public final class MemTableInserter implements WriteBatch.Handler {

  private final MemTable memTable;
  private long nextSequence;

  public MemTableInserter(MemTable memTable, long firstSequence) {
    if (memTable == null) {
      throw new IllegalArgumentException("memTable must not be null");
    }
    if (firstSequence < 0) {
      throw new IllegalArgumentException("negative first sequence " + firstSequence);
    }
    this.memTable = memTable;
    this.nextSequence = firstSequence;
  }

  /** Inserts all of {@code batch} from {@code firstSequence}; returns the last sequence used. */
  public static long insert(WriteBatch batch, MemTable memTable, long firstSequence) {
    MemTableInserter inserter = new MemTableInserter(memTable, firstSequence);
    batch.forEach(inserter);
    return inserter.nextSequence() - 1;
  }

  /** The sequence number the next operation will get. */
  public long nextSequence() {
    return nextSequence;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    memTable.add(nextSequence++, ValueType.PUT, key, value);
  }

  @Override
  public void delete(byte[] key) {
    memTable.add(nextSequence++, ValueType.DELETE, key, null);
  }

  @Override
  public void deleteRange(byte[] begin, byte[] end) {
    memTable.addRangeTombstone(new RangeTombstone(begin, end, nextSequence++));
  }

  @Override
  public void merge(byte[] key, byte[] operand) {
    memTable.add(nextSequence++, ValueType.MERGE, key, operand);
  }
}
