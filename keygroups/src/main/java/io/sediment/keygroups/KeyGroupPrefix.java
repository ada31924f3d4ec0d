package io.sediment.keygroups;

import java.util.Arrays;

/**
 * Codec for the key-group prefix written in front of every stored key: the key group as an unsigned
 * big-endian number of {@link KeyGroups#prefixBytes(int)} bytes (1 when {@code maxParallelism <=
 * 128}, else 2), as Flink's RocksDB state backend lays out its keys.
 *
 * <p>Because the prefix comes first and is big-endian, the store's unsigned lexicographic key order
 * sorts all keys of key group {@code g} before all keys of {@code g + 1}, and the keys of a {@link
 * KeyGroupRange} {@code [start, end]} are exactly the keys in the byte range {@code
 * [lowerBound(range), upperBound(range))} = {@code [prefix(start), prefix(end + 1))}. That byte
 * range serves range deletes (dropping key groups after a rescale) and file filtering (skipping a
 * file whose key range lies outside it).
 *
 * <p><b>The last key group.</b> {@code prefix(end + 1)} is always representable, with no need for
 * an unbounded upper bound: with one prefix byte {@code maxParallelism <= 128}, so {@code end + 1
 * <= 128 = 0x80} fits an unsigned byte; with two bytes {@code end + 1 <= 32768 = 0x8000} fits an
 * unsigned 16-bit number. No stored key starts with that boundary prefix, because its value is not
 * a key group of the job.
 *
 * <p>Immutable and thread-safe. Bad input (a key group outside {@code [0, maxParallelism)}, a range
 * reaching past it, a key shorter than the prefix, an offset outside the array) raises {@link
 * IllegalArgumentException} naming the value.
 */
public final class KeyGroupPrefix {

  private final int maxParallelism;
  private final int prefixBytes;

  private KeyGroupPrefix(int maxParallelism) {
    this.maxParallelism = maxParallelism;
    this.prefixBytes = KeyGroups.prefixBytes(maxParallelism);
  }

  /**
   * The codec for a job with the given maximum parallelism.
   *
   * @throws IllegalArgumentException if maxParallelism is outside {@code [1, 32768]}
   */
  public static KeyGroupPrefix forMaxParallelism(int maxParallelism) {
    return new KeyGroupPrefix(maxParallelism);
  }

  /** The maximum parallelism this codec was made for. */
  public int maxParallelism() {
    return maxParallelism;
  }

  /** Number of prefix bytes: 1 or 2. */
  public int prefixBytes() {
    return prefixBytes;
  }

  /**
   * Writes the prefix of {@code keyGroup} at {@code dst[offset..offset + prefixBytes())}.
   *
   * @return the offset just past the prefix
   * @throws IllegalArgumentException if the key group is outside {@code [0, maxParallelism)} or the
   *     prefix does not fit at offset
   */
  public int write(int keyGroup, byte[] dst, int offset) {
    KeyGroups.checkKeyGroup(keyGroup, maxParallelism);
    return put(keyGroup, dst, offset);
  }

  /** A new array holding just the prefix of {@code keyGroup}; see {@link #write}. */
  public byte[] encode(int keyGroup) {
    byte[] out = new byte[prefixBytes];
    write(keyGroup, out, 0);
    return out;
  }

  /**
   * A new array {@code prefix(keyGroup) || key}.
   *
   * @throws IllegalArgumentException if the key group is outside {@code [0, maxParallelism)}
   * @throws NullPointerException if key is null
   */
  public byte[] prepend(int keyGroup, byte[] key) {
    byte[] out = new byte[prefixBytes + key.length];
    write(keyGroup, out, 0);
    System.arraycopy(key, 0, out, prefixBytes, key.length);
    return out;
  }

  /**
   * Reads the key group from the prefix at {@code src[offset..offset + prefixBytes())}.
   *
   * @throws IllegalArgumentException if the prefix does not fit at offset, or the decoded value is
   *     not a key group below maxParallelism (the bytes were not written by this codec)
   */
  public int read(byte[] src, int offset) {
    checkFits(src.length, offset);
    int value = src[offset] & 0xFF;
    if (prefixBytes == 2) {
      value = (value << 8) | (src[offset + 1] & 0xFF);
    }
    if (value >= maxParallelism) {
      throw new IllegalArgumentException(
          "key-group prefix at offset "
              + offset
              + " decodes to "
              + value
              + ", not a key group below maxParallelism "
              + maxParallelism);
    }
    return value;
  }

  /** The key group of a whole prefixed key; see {@link #read(byte[], int)}. */
  public int read(byte[] prefixedKey) {
    return read(prefixedKey, 0);
  }

  /**
   * The key without its prefix, as a new array.
   *
   * @throws IllegalArgumentException if the key is shorter than the prefix
   */
  public byte[] stripPrefix(byte[] prefixedKey) {
    checkFits(prefixedKey.length, 0);
    return Arrays.copyOfRange(prefixedKey, prefixBytes, prefixedKey.length);
  }

  /**
   * Inclusive lower bound of the keys of {@code range}: {@code prefix(range.start())}.
   *
   * @throws IllegalArgumentException if the range is empty or reaches past maxParallelism - 1
   */
  public byte[] lowerBound(KeyGroupRange range) {
    checkRange(range);
    byte[] out = new byte[prefixBytes];
    put(range.start(), out, 0);
    return out;
  }

  /**
   * Exclusive upper bound of the keys of {@code range}: {@code prefix(range.end() + 1)}, which is
   * representable even for the last key group (see the class comment).
   *
   * @throws IllegalArgumentException if the range is empty or reaches past maxParallelism - 1
   */
  public byte[] upperBound(KeyGroupRange range) {
    checkRange(range);
    byte[] out = new byte[prefixBytes];
    put(range.end() + 1, out, 0);
    return out;
  }

  /**
   * Whether a prefixed key lies in {@code [lowerBound(range), upperBound(range))}, i.e. belongs to
   * a key group of the range. Unlike {@link #read(byte[], int)} this only compares bytes.
   */
  public boolean inRange(byte[] prefixedKey, KeyGroupRange range) {
    checkRange(range);
    checkFits(prefixedKey.length, 0);
    int value = prefixedKey[0] & 0xFF;
    if (prefixBytes == 2) {
      value = (value << 8) | (prefixedKey[1] & 0xFF);
    }
    return range.contains(value);
  }

  /** Writes {@code value} in [0, maxParallelism] (the upper bound included) without checking it. */
  private int put(int value, byte[] dst, int offset) {
    checkFits(dst.length, offset);
    if (prefixBytes == 2) {
      dst[offset] = (byte) (value >>> 8);
      dst[offset + 1] = (byte) value;
    } else {
      dst[offset] = (byte) value;
    }
    return offset + prefixBytes;
  }

  private void checkFits(int arrayLength, int offset) {
    if (offset < 0 || offset > arrayLength - prefixBytes) {
      throw new IllegalArgumentException(
          "a "
              + prefixBytes
              + "-byte key-group prefix at offset "
              + offset
              + " does not fit in "
              + arrayLength
              + " bytes");
    }
  }

  private void checkRange(KeyGroupRange range) {
    if (range.isEmpty()) {
      throw new IllegalArgumentException("empty key-group range has no byte range: " + range);
    }
    if (range.end() >= maxParallelism) {
      throw new IllegalArgumentException(
          range + " reaches past the last key group " + (maxParallelism - 1));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyGroupPrefix p && p.maxParallelism == maxParallelism;
  }

  @Override
  public int hashCode() {
    return maxParallelism;
  }

  @Override
  public String toString() {
    return "KeyGroupPrefix[maxParallelism=" + maxParallelism + ", bytes=" + prefixBytes + "]";
  }
}
