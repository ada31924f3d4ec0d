package io.sediment.stream.runtime;

import java.time.Duration;

/**
 * How a source split derives its watermark from the timestamps it has read. A split tracks the
 * largest timestamp it has read and, every {@link RuntimeSettings#watermarkInterval()} records,
 * sends {@link #watermark(long)} of it when that rose; at its end it sends {@link Long#MAX_VALUE}.
 * An operator instance's watermark is the smallest over its input splits.
 *
 * <p>A watermark {@code w} promises that no record with a timestamp at or before {@code w} follows
 * (Flink's rule): a record that breaks the promise is late, and the operator decides what to do
 * with it (a window drops it or sends it to a side output once its allowed lateness has passed).
 *
 * <ul>
 *   <li>{@link #ascending()} (the default) is for splits in event-time order, equal timestamps
 *       allowed: the watermark is the largest timestamp minus one.
 *   <li>{@link #boundedOutOfOrderness(Duration)} is for splits whose records arrive at most {@code
 *       bound} behind the largest timestamp read: the watermark is the largest timestamp minus the
 *       bound minus one.
 * </ul>
 *
 * Timestamps are milliseconds, as in Flink. Immutable.
 */
public final class WatermarkStrategy {

  private static final WatermarkStrategy ASCENDING = new WatermarkStrategy(0);

  private final long boundMillis;

  private WatermarkStrategy(long boundMillis) {
    this.boundMillis = boundMillis;
  }

  /** Splits in event-time order: watermark = largest timestamp - 1. */
  public static WatermarkStrategy ascending() {
    return ASCENDING;
  }

  /**
   * Records at most {@code bound} behind the largest timestamp of their split: watermark = largest
   * timestamp - bound - 1.
   *
   * @throws IllegalArgumentException if {@code bound} is null or negative
   */
  public static WatermarkStrategy boundedOutOfOrderness(Duration bound) {
    if (bound == null || bound.isNegative()) {
      throw new IllegalArgumentException("bound must not be null or negative: " + bound);
    }
    return bound.isZero() ? ASCENDING : new WatermarkStrategy(bound.toMillis());
  }

  /** The out-of-orderness bound in milliseconds (0 for {@link #ascending()}). */
  public long boundMillis() {
    return boundMillis;
  }

  /**
   * The watermark of a split whose largest timestamp read is {@code maxTimestamp}; {@link
   * Long#MIN_VALUE} when that is too small to subtract from.
   */
  public long watermark(long maxTimestamp) {
    long bound = boundMillis + 1;
    return maxTimestamp < Long.MIN_VALUE + bound ? Long.MIN_VALUE : maxTimestamp - bound;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WatermarkStrategy w && w.boundMillis == boundMillis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(boundMillis);
  }

  @Override
  public String toString() {
    return boundMillis == 0 ? "ascending" : "bounded-out-of-orderness " + boundMillis + " ms";
  }
}
