package io.sediment.compaction;

/**
 * The byte forms the built-in merge functions of {@link MergeFunctions} read and write, for code
 * that writes their operands or reads their values.
 *
 * <ul>
 *   <li>{@code uint64}: 8 bytes, little-endian, an unsigned 64-bit counter (RocksDB's {@code
 *       uint64add} layout; a Java {@code long} carries the same 64 bits).
 *   <li>{@code int32}, {@code int64}: 4 and 8 bytes, big-endian two's complement (the layout of
 *       Flink's {@code IntSerializer} and {@code LongSerializer}).
 *   <li>{@code float64}: 8 bytes, big-endian IEEE 754 bits as {@link Double#doubleToLongBits} gives
 *       them (Flink's {@code DoubleSerializer}).
 * </ul>
 *
 * <p>Decoders throw {@link IllegalArgumentException} naming the length when the bytes are not of
 * the exact size; the merge functions themselves never throw on a wrong length (see each one).
 */
public final class MergeValues {

  private MergeValues() {}

  /** {@code value} as 8 little-endian bytes. */
  public static byte[] uint64(long value) {
    byte[] b = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      b[i] = (byte) (value >>> (8 * i));
    }
    return b;
  }

  /**
   * The 64 bits of an 8-byte little-endian counter (read {@link Long#toUnsignedString} for its
   * unsigned value).
   *
   * @throws IllegalArgumentException if {@code bytes} is not 8 bytes long
   */
  public static long readUint64(byte[] bytes) {
    requireLength(bytes, Long.BYTES, "uint64");
    return littleEndian(bytes);
  }

  /** {@code value} as 4 big-endian bytes. */
  public static byte[] int32(int value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  /**
   * The value of 4 big-endian bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 4 bytes long
   */
  public static int readInt32(byte[] bytes) {
    requireLength(bytes, Integer.BYTES, "int32");
    return (int) bigEndian(bytes);
  }

  /** {@code value} as 8 big-endian bytes. */
  public static byte[] int64(long value) {
    byte[] b = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      b[i] = (byte) (value >>> (56 - 8 * i));
    }
    return b;
  }

  /**
   * The value of 8 big-endian bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 8 bytes long
   */
  public static long readInt64(byte[] bytes) {
    requireLength(bytes, Long.BYTES, "int64");
    return bigEndian(bytes);
  }

  /** {@code value}'s IEEE 754 bits as 8 big-endian bytes. */
  public static byte[] float64(double value) {
    return int64(Double.doubleToLongBits(value));
  }

  /**
   * The double whose IEEE 754 bits are 8 big-endian bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 8 bytes long
   */
  public static double readFloat64(byte[] bytes) {
    requireLength(bytes, Long.BYTES, "float64");
    return Double.longBitsToDouble(bigEndian(bytes));
  }

  static long littleEndian(byte[] bytes) {
    long v = 0;
    for (int i = bytes.length - 1; i >= 0; i--) {
      v = (v << 8) | (bytes[i] & 0xFF);
    }
    return v;
  }

  static long bigEndian(byte[] bytes) {
    long v = 0;
    for (byte b : bytes) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }

  private static void requireLength(byte[] bytes, int length, String what) {
    if (bytes == null || bytes.length != length) {
      throw new IllegalArgumentException(
          what
              + " needs "
              + length
              + " bytes, got "
              + (bytes == null ? "null" : bytes.length + " bytes"));
    }
  }
}
