package io.sediment.tool;

import java.util.SplittableRandom;

/**
 * The keys and values of a bench run, db_bench style: key {@code i} is {@code i} as 8 big-endian
 * bytes padded with zeros to the key size (so key order is index order), and values are slices of a
 * seeded random pool.
 */
final class BenchData {

  private static final int POOL_BYTES = 1 << 20;

  final int keySize;
  final int valueSize;
  private final byte[] pool;

  /**
   * @throws IllegalArgumentException if keySize is below 8 or valueSize is negative
   */
  BenchData(int keySize, int valueSize, long seed) {
    if (keySize < Long.BYTES) {
      throw new IllegalArgumentException("key size must be at least 8 bytes: " + keySize);
    }
    if (valueSize < 0) {
      throw new IllegalArgumentException("value size must not be negative: " + valueSize);
    }
    this.keySize = keySize;
    this.valueSize = valueSize;
    pool = new byte[POOL_BYTES + valueSize];
    new SplittableRandom(seed).nextBytes(pool);
  }

  byte[] key(long index) {
    byte[] k = new byte[keySize];
    for (int b = 0; b < Long.BYTES; b++) {
      k[b] = (byte) (index >>> (56 - 8 * b));
    }
    return k;
  }

  byte[] value(long index) {
    byte[] v = new byte[valueSize];
    int offset = (int) Math.floorMod(index * 7919, (long) POOL_BYTES);
    System.arraycopy(pool, offset, v, 0, valueSize);
    return v;
  }
}
