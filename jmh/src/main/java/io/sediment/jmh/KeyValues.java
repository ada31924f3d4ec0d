package io.sediment.jmh;

import java.util.SplittableRandom;

/**
 * db_bench-style keys and values. A key is {@code keyBytes} long and carries its index big-endian
 * in its first 8 bytes (zero-padded after), so keys sort by index. Values are half random, half
 * repeated bytes: they compress to about 50%, like db_bench's default compression ratio.
 */
public final class KeyValues {

  private final int keyBytes;
  private final int valueBytes;
  private final byte[] valueSource;

  public KeyValues(int keyBytes, int valueBytes, long seed) {
    if (keyBytes < 8) {
      throw new IllegalArgumentException("keyBytes must be at least 8: " + keyBytes);
    }
    if (valueBytes < 1) {
      throw new IllegalArgumentException("valueBytes must be positive: " + valueBytes);
    }
    this.keyBytes = keyBytes;
    this.valueBytes = valueBytes;
    SplittableRandom random = new SplittableRandom(seed);
    valueSource = new byte[valueBytes * 64 + 64];
    for (int i = 0; i < valueSource.length; i += 2) {
      valueSource[i] = (byte) random.nextInt(256);
      valueSource[i + 1] = 'x';
    }
  }

  /**
   * Keys and values of the sizes in {@code shape}, written "keyBytes/valueBytes" (e.g. "16/100").
   *
   * @throws IllegalArgumentException naming the shape when it is malformed or a size is invalid
   */
  public static KeyValues ofShape(String shape, long seed) {
    String[] parts = shape == null ? new String[0] : shape.split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected keyBytes/valueBytes, got '" + shape + "'");
    }
    try {
      return new KeyValues(
          Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), seed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected keyBytes/valueBytes, got '" + shape + "'", e);
    }
  }

  /** A new key array for index {@code index}. */
  public byte[] key(long index) {
    byte[] key = new byte[keyBytes];
    writeKey(index, key);
    return key;
  }

  /** Writes the key for {@code index} into {@code key} (of keyBytes length). */
  public void writeKey(long index, byte[] key) {
    for (int i = 7; i >= 0; i--) {
      key[i] = (byte) index;
      index >>>= 8;
    }
  }

  /** A new value; successive values differ (a sliding window over the source bytes). */
  public byte[] value(long index) {
    byte[] value = new byte[valueBytes];
    int start = (int) Math.floorMod(index * 7, (long) (valueSource.length - valueBytes));
    System.arraycopy(valueSource, start, value, 0, valueBytes);
    return value;
  }

  public int keyBytes() {
    return keyBytes;
  }

  public int valueBytes() {
    return valueBytes;
  }
}
