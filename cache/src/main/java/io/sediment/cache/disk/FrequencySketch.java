package io.sediment.cache.disk;

/**
 * An approximate, aging access counter: a count-min sketch of four rows of 4-bit counters.
 *
 * <p>{@link #increment} adds one to a key's counter in each row (saturating at 15); {@link
 * #frequency} is the minimum over the rows, which over-estimates only when every row collides.
 * After {@code 10 x width} increments every counter is halved, so the sketch remembers recent
 * popularity rather than all-time popularity: a segment that was hot an hour ago does not keep out
 * one that is hot now.
 *
 * <p>Deterministic: the hash depends only on {@link Object#hashCode()} of the key. Not thread-safe:
 * {@link CacheIndex} uses it under its lock.
 */
final class FrequencySketch {

  private static final int ROWS = 4;
  private static final int MAX_COUNT = 15;
  private static final long[] SEEDS = {
    0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L
  };

  private final long[] table;
  private final int widthMask;
  private final int sampleSize;
  private int additions;

  /**
   * @param width counters per row; rounded up to a power of two, at least 16
   * @throws IllegalArgumentException if width is not positive or above 2^26
   */
  FrequencySketch(int width) {
    if (width <= 0 || width > (1 << 26)) {
      throw new IllegalArgumentException("sketch width out of range: " + width);
    }
    int w = Math.max(16, Integer.highestOneBit(width - 1) << 1);
    this.widthMask = w - 1;
    this.table = new long[ROWS * (w / 16)];
    this.sampleSize = 10 * w;
  }

  /** Counts one access to {@code key}. */
  void increment(Object key) {
    long hash = spread(key.hashCode());
    boolean added = false;
    for (int row = 0; row < ROWS; row++) {
      int counter = counterIndex(hash, row);
      int slot = counter >>> 4;
      int shift = (counter & 15) << 2;
      long value = (table[slot] >>> shift) & 0xF;
      if (value < MAX_COUNT) {
        table[slot] += 1L << shift;
        added = true;
      }
    }
    if (added && ++additions >= sampleSize) {
      age();
    }
  }

  /** Estimated recent accesses to {@code key}, 0 to 15. */
  int frequency(Object key) {
    long hash = spread(key.hashCode());
    int min = MAX_COUNT;
    for (int row = 0; row < ROWS; row++) {
      int counter = counterIndex(hash, row);
      int value = (int) ((table[counter >>> 4] >>> ((counter & 15) << 2)) & 0xF);
      min = Math.min(min, value);
    }
    return min;
  }

  /** Halves every counter: old popularity fades. */
  private void age() {
    for (int i = 0; i < table.length; i++) {
      table[i] = (table[i] >>> 1) & 0x7777777777777777L;
    }
    additions /= 2;
  }

  /** Index in the whole table of the key's counter in {@code row}. */
  private int counterIndex(long hash, int row) {
    long h = (hash ^ SEEDS[row]) * 0xFF51AFD7ED558CCDL;
    h ^= h >>> 32;
    int column = (int) h & widthMask;
    return row * (widthMask + 1) + column;
  }

  private static long spread(int hashCode) {
    long h = hashCode * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }
}
