package io.sediment.lsm.internal.sst;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;

/**
 * An {@link InternalIterator} that shows only the entries of another whose user key lies in {@code
 * [lower, upper)} (null: open on that side): how a clipped file reference reads its file.
 *
 * <p>Every positioning call is clamped to the clip (a seek before {@code lower} lands on the first
 * entry of the clip, a seekForPrev at or past {@code upper} on the last), and a step that leaves
 * the clip makes the iterator invalid. The wrapped iterator is closed with this one. Not
 * thread-safe.
 */
public final class ClippedIterator implements InternalIterator {

  private final InternalIterator in;
  private final byte[] lower;
  private final byte[] upper;
  private final byte[] lowerSeek;
  private final byte[] upperSeekForPrev;
  private boolean valid;

  /**
   * @param in the iterator over the whole file; this iterator owns it
   * @param lower inclusive lower user key, or null
   * @param upper exclusive upper user key, or null
   * @throws IllegalArgumentException if both ends are given and lower is not before upper
   */
  public ClippedIterator(InternalIterator in, byte[] lower, byte[] upper) {
    if (lower != null && upper != null && InternalKey.compareUserKeys(lower, upper) >= 0) {
      in.close();
      throw new IllegalArgumentException("empty clip: lower end is not before upper end");
    }
    this.in = in;
    this.lower = lower;
    this.upper = upper;
    // The first internal key of user key `lower`, and one that sorts before every real entry of
    // `upper` (no real entry has the maximum sequence number).
    this.lowerSeek =
        lower == null
            ? null
            : InternalKey.encode(lower, InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK);
    this.upperSeekForPrev =
        upper == null
            ? null
            : InternalKey.encode(upper, InternalKey.MAX_SEQUENCE, ValueType.RANGE_DELETE);
  }

  private int compareCurrentTo(byte[] userKey) {
    return InternalKey.compareUserKeys(
        in.keyArray(),
        in.keyOffset(),
        in.keyLength() - InternalKey.TRAILER_BYTES,
        userKey,
        0,
        userKey.length);
  }

  /** After a forward move: valid while below the upper end. */
  private void settleForward() {
    valid = in.isValid() && (upper == null || compareCurrentTo(upper) < 0);
  }

  /** After a backward move: valid while at or above the lower end. */
  private void settleBackward() {
    valid = in.isValid() && (lower == null || compareCurrentTo(lower) >= 0);
  }

  private static int compareTarget(byte[] target, int offset, int length, byte[] userKey) {
    return InternalKey.compareUserKeys(
        target, offset, length - InternalKey.TRAILER_BYTES, userKey, 0, userKey.length);
  }

  @Override
  public boolean isValid() {
    return valid;
  }

  @Override
  public void seekToFirst() {
    if (lowerSeek == null) {
      in.seekToFirst();
    } else {
      in.seek(lowerSeek);
    }
    settleForward();
  }

  @Override
  public void seekToLast() {
    if (upperSeekForPrev == null) {
      in.seekToLast();
    } else {
      in.seekForPrev(upperSeekForPrev);
    }
    settleBackward();
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    if (upper != null && compareTarget(target, offset, length, upper) >= 0) {
      valid = false;
      return;
    }
    if (lower != null && compareTarget(target, offset, length, lower) < 0) {
      in.seek(lowerSeek);
    } else {
      in.seek(target, offset, length);
    }
    settleForward();
  }

  @Override
  public void seekForPrev(byte[] target, int offset, int length) {
    if (lower != null && compareTarget(target, offset, length, lower) < 0) {
      valid = false;
      return;
    }
    if (upper != null && compareTarget(target, offset, length, upper) >= 0) {
      in.seekForPrev(upperSeekForPrev);
    } else {
      in.seekForPrev(target, offset, length);
    }
    settleBackward();
  }

  @Override
  public void next() {
    in.next();
    settleForward();
  }

  @Override
  public void prev() {
    in.prev();
    settleBackward();
  }

  @Override
  public byte[] keyArray() {
    return in.keyArray();
  }

  @Override
  public int keyOffset() {
    return in.keyOffset();
  }

  @Override
  public int keyLength() {
    return in.keyLength();
  }

  @Override
  public byte[] valueArray() {
    return in.valueArray();
  }

  @Override
  public int valueOffset() {
    return in.valueOffset();
  }

  @Override
  public int valueLength() {
    return in.valueLength();
  }

  @Override
  public void close() {
    valid = false;
    in.close();
  }
}
