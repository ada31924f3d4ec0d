package io.sediment.jmh;

import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * Sediment's twin of RocksDB's {@code uint64add} merge operator: values and operands are 8-byte
 * little-endian unsigned longs, summed with wrap-around. Like RocksDB's operator, an operand of
 * another length is a programming error of the caller; it is rejected with an exception naming the
 * length instead of being skipped.
 */
final class CounterMergeFunction implements MergeFunction {

  @Override
  public String name() {
    return "uint64add";
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    long sum = base == null ? 0 : decode(base);
    for (byte[] operand : operands) {
      sum += decode(operand);
    }
    return encode(sum);
  }

  @Override
  public byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return fullMerge(key, null, operands);
  }

  /** The 8-byte little-endian encoding of {@code value}. */
  static byte[] encode(long value) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (value >>> (8 * i));
    }
    return b;
  }

  /**
   * @throws IllegalArgumentException if {@code b} is not 8 bytes long
   */
  static long decode(byte[] b) {
    if (b.length != 8) {
      throw new IllegalArgumentException("counter operand of " + b.length + " bytes, expected 8");
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }
}
