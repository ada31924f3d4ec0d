package io.sediment.fuzz;

import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * A deterministic merge function for tests: values and operands are counters, the merged value is
 * the wrapping sum of the base and the operands as an 8-byte big-endian number. Any byte string is
 * a valid counter: its first 8 bytes (fewer when shorter) read as a big-endian unsigned number, so
 * generated values of any length take part. Offers partial merges (the sum of the operands);
 * addition is associative and commutative, so folding order never matters.
 */
public final class CounterMergeFunction implements MergeFunction {

  @Override
  public String name() {
    return "sediment.fuzz.counter";
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    long sum = base == null ? 0 : decode(base);
    for (byte[] op : operands) {
      sum += decode(op);
    }
    return encode(sum);
  }

  @Override
  public byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return fullMerge(key, null, operands);
  }

  /** The counter a byte string stands for. */
  public static long decode(byte[] b) {
    long v = 0;
    for (int i = 0; i < Math.min(8, b.length); i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  /** The 8-byte big-endian form of {@code v}. */
  public static byte[] encode(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  @Override
  public String toString() {
    return name();
  }
}
