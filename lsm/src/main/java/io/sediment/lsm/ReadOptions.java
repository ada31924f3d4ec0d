package io.sediment.lsm;

import io.sediment.lsm.internal.Bytes;
import java.util.Arrays;

/**
 * Options of one read: which snapshot to read at, and for iterators the key bounds {@code
 * [lowerBound, upperBound)}. Immutable: every setter returns a new instance, so a shared {@link
 * #defaults()} is never changed. Bounds are copied, so later changes to the caller's arrays have no
 * effect.
 *
 * <pre>{@code
 * ReadOptions.defaults().snapshot(s).lowerBound(from).upperBound(to)
 * }</pre>
 */
public final class ReadOptions {

  private static final ReadOptions DEFAULTS = new ReadOptions(null, null, null);

  private final Snapshot snapshot;
  private final byte[] lowerBound;
  private final byte[] upperBound;

  private ReadOptions(Snapshot snapshot, byte[] lowerBound, byte[] upperBound) {
    this.snapshot = snapshot;
    this.lowerBound = lowerBound;
    this.upperBound = upperBound;
  }

  /** Latest state, no bounds. */
  public static ReadOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Reads at {@code snapshot}; null reads the latest state at the time the read (or the iterator)
   * starts. Reading through a closed snapshot is refused by the store with {@link
   * IllegalStateException}.
   */
  public ReadOptions snapshot(Snapshot snapshot) {
    return new ReadOptions(snapshot, lowerBound, upperBound);
  }

  /**
   * Iterators see only keys at or past {@code lowerBound} (inclusive); null for no bound.
   *
   * @throws IllegalArgumentException if it is past the upper bound
   */
  public ReadOptions lowerBound(byte[] lowerBound) {
    byte[] copy = lowerBound == null ? null : lowerBound.clone();
    checkOrder(copy, upperBound);
    return new ReadOptions(snapshot, copy, upperBound);
  }

  /**
   * Iterators see only keys before {@code upperBound} (exclusive); null for no bound.
   *
   * @throws IllegalArgumentException if it is before the lower bound
   */
  public ReadOptions upperBound(byte[] upperBound) {
    byte[] copy = upperBound == null ? null : upperBound.clone();
    checkOrder(lowerBound, copy);
    return new ReadOptions(snapshot, lowerBound, copy);
  }

  /** The snapshot to read at, or null for the latest state. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** A copy of the inclusive lower bound, or null. */
  public byte[] lowerBound() {
    return lowerBound == null ? null : lowerBound.clone();
  }

  /** A copy of the exclusive upper bound, or null. */
  public byte[] upperBound() {
    return upperBound == null ? null : upperBound.clone();
  }

  private static void checkOrder(byte[] lower, byte[] upper) {
    // lower == upper is a legal, empty range; lower > upper is almost surely a caller's bug.
    if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) > 0) {
      throw new IllegalArgumentException(
          "lower bound "
              + Bytes.toDisplay(lower)
              + " is past upper bound "
              + Bytes.toDisplay(upper));
    }
  }

  @Override
  public String toString() {
    return "ReadOptions{snapshot="
        + snapshot
        + ", lowerBound="
        + Bytes.toDisplay(lowerBound)
        + ", upperBound="
        + Bytes.toDisplay(upperBound)
        + "}";
  }
}
