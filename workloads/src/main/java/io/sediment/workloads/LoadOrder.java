package io.sediment.workloads;

import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

/**
 * The order in which a workload's store is filled before the measured phase: every index in [0,
 * count) exactly once, scrambled by a full-period permutation (an odd multiplier modulo a power of
 * two, indexes at or past {@code count} skipped), so that files overlap as they do after random
 * writes, without the memory of a shuffled array. Deterministic for a seed.
 */
public final class LoadOrder implements PrimitiveIterator.OfLong {

  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L | 1;

  private final long count;
  private final long seed;
  private final long mask;
  private long step;
  private long produced;

  /**
   * @throws IllegalArgumentException naming the count when it is negative
   */
  public LoadOrder(long count, long seed) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    this.count = count;
    this.seed = seed;
    this.mask = Long.highestOneBit(Math.max(1, count - 1)) * 2 - 1;
  }

  @Override
  public boolean hasNext() {
    return produced < count;
  }

  @Override
  public long nextLong() {
    if (produced >= count) {
      throw new NoSuchElementException("all " + count + " indexes were produced");
    }
    while (true) {
      long index = ((step++ + seed) * MULTIPLIER) & mask;
      if (index < count) {
        produced++;
        return index;
      }
    }
  }
}
