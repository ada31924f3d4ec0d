package io.sediment.workloads;

import java.util.SplittableRandom;

/**
 * db_bench-style keys and values, the same for every engine and every runner. Key {@code i} is
 * {@code keyBytes} long and carries {@code i} big-endian in its first 8 bytes, zero-padded after,
 * so keys sort by index. Values are windows of a 1 MiB seeded source built as db_bench builds its
 * own: pieces of {@value #PIECE} bytes whose second half repeats the first (random) half, so values
 * compress to about half their size with LZ4 or Zstd, like db_bench's default {@code
 * --compression_ratio=0.5}. Value {@code i} starts at piece {@code i * 1000003} of the source
 * (modulo the piece count), so neighbouring indexes do not share bytes. Deterministic for a seed;
 * immutable and thread-safe.
 */
public final class KeyValueGenerator {

  /** Bytes of one compressible piece of the source: half random, half a repeat of that half. */
  static final int PIECE = 100;

  private static final int SOURCE_BYTES = 1 << 20;
  private static final long STRIDE = 1_000_003;

  private final int keyBytes;
  private final int valueBytes;
  private final byte[] source;

  /**
   * @throws IllegalArgumentException naming the value when keyBytes is below 8 or valueBytes is
   *     negative
   */
  public KeyValueGenerator(int keyBytes, int valueBytes, long seed) {
    if (keyBytes < Long.BYTES) {
      throw new IllegalArgumentException("key size must be at least 8 bytes: " + keyBytes);
    }
    if (valueBytes < 0) {
      throw new IllegalArgumentException("value size must not be negative: " + valueBytes);
    }
    this.keyBytes = keyBytes;
    this.valueBytes = valueBytes;
    SplittableRandom random = new SplittableRandom(seed);
    source = new byte[SOURCE_BYTES + valueBytes + PIECE];
    for (int at = 0; at + PIECE <= source.length; at += PIECE) {
      byte[] half = new byte[PIECE / 2];
      random.nextBytes(half);
      System.arraycopy(half, 0, source, at, half.length);
      System.arraycopy(half, 0, source, at + half.length, half.length);
    }
  }

  /**
   * Keys and values of the sizes in {@code shape}, written "keyBytes/valueBytes" (e.g. "16/100"),
   * with the standard {@link Workloads#DATA_SEED}.
   *
   * @throws IllegalArgumentException naming the shape when it is malformed or a size is invalid
   */
  public static KeyValueGenerator ofShape(String shape) {
    String[] parts = shape == null ? new String[0] : shape.split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected keyBytes/valueBytes, got '" + shape + "'");
    }
    try {
      return new KeyValueGenerator(
          Integer.parseInt(parts[0].trim()),
          Integer.parseInt(parts[1].trim()),
          Workloads.DATA_SEED);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected keyBytes/valueBytes, got '" + shape + "': " + e.getMessage(), e);
    }
  }

  /** A new key array for {@code index}. */
  public byte[] key(long index) {
    byte[] key = new byte[keyBytes];
    writeKey(index, key);
    return key;
  }

  /**
   * Writes the key of {@code index} into {@code key}, which must be {@link #keyBytes()} long (its
   * bytes after the 8th are left as they are: zero in an array from {@link #key}).
   */
  public void writeKey(long index, byte[] key) {
    for (int i = Long.BYTES - 1; i >= 0; i--) {
      key[i] = (byte) index;
      index >>>= 8;
    }
  }

  /** The index a key of this generator carries. */
  public long index(byte[] key) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (key[i] & 0xFF);
    }
    return v;
  }

  /** A new value for {@code index}. */
  public byte[] value(long index) {
    byte[] value = new byte[valueBytes];
    int start = (int) Math.floorMod(index * STRIDE, (long) (SOURCE_BYTES / PIECE)) * PIECE;
    System.arraycopy(source, start, value, 0, valueBytes);
    return value;
  }

  public int keyBytes() {
    return keyBytes;
  }

  public int valueBytes() {
    return valueBytes;
  }
}
