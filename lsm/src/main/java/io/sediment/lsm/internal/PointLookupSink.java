package io.sediment.lsm.internal;

/**
 * Receives the entries of one user key during a point lookup, newest first. A source (memtable,
 * SST) calls it for each entry of the looked-up key whose sequence number is at most the read's
 * snapshot, in descending sequence order, until it returns false or the key's entries are
 * exhausted. The value slice is valid only during the call.
 */
@FunctionalInterface
public interface PointLookupSink {

  /**
   * @param sequence the entry's sequence number
   * @param type PUT, DELETE or MERGE (range tombstones are looked up separately)
   * @return true to receive older entries of the same key, false when the lookup is resolved
   */
  boolean accept(long sequence, ValueType type, byte[] value, int valueOffset, int valueLength);
}
