package io.sediment.lsm.internal;

import java.util.Arrays;

/**
 * A range deletion: every entry of a user key in {@code [begin, end)} with a sequence number below
 * {@link #sequence()} is deleted. Immutable.
 */
public record RangeTombstone(byte[] begin, byte[] end, long sequence) {

  /**
   * @throws IllegalArgumentException if begin is not before end or the sequence is out of range
   */
  public RangeTombstone {
    if (begin == null || end == null) {
      throw new IllegalArgumentException("range bounds must not be null");
    }
    if (Arrays.compareUnsigned(begin, end) >= 0) {
      throw new IllegalArgumentException(
          "range begin " + Bytes.toDisplay(begin) + " must be before end " + Bytes.toDisplay(end));
    }
    if (sequence < 0 || sequence > InternalKey.MAX_SEQUENCE) {
      throw new IllegalArgumentException("sequence number out of range: " + sequence);
    }
  }

  /** Whether {@code userKey} lies in {@code [begin, end)}. */
  public boolean contains(byte[] userKey, int offset, int length) {
    return Arrays.compareUnsigned(begin, 0, begin.length, userKey, offset, offset + length) <= 0
        && Arrays.compareUnsigned(userKey, offset, offset + length, end, 0, end.length) < 0;
  }

  /**
   * Whether this tombstone deletes an entry of {@code userKey} written at {@code entrySequence}.
   */
  public boolean covers(byte[] userKey, int offset, int length, long entrySequence) {
    return entrySequence < sequence && contains(userKey, offset, length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeTombstone t
        && sequence == t.sequence
        && Arrays.equals(begin, t.begin)
        && Arrays.equals(end, t.end);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(begin) + Arrays.hashCode(end)) + Long.hashCode(sequence);
  }

  @Override
  public String toString() {
    return "RangeTombstone["
        + Bytes.toDisplay(begin)
        + ", "
        + Bytes.toDisplay(end)
        + ") @"
        + sequence;
  }
}
