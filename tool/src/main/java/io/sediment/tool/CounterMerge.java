package io.sediment.tool;

import io.sediment.lsm.MergeFunction;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A counter: values and operands are 8-byte big-endian signed longs, merged by adding them (what
 * RocksDB's {@code uint64add} operator does, with Java's wrap-around on overflow).
 */
final class CounterMerge implements MergeFunction {

  /** The name recorded in the manifest. */
  static final String NAME = "sediment.tool.counter";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    long sum = base == null ? 0 : decode(key, base);
    for (byte[] operand : operands) {
      sum += decode(key, operand);
    }
    return encode(sum);
  }

  @Override
  public byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return fullMerge(key, null, operands);
  }

  /** The 8-byte encoding of {@code value}. */
  static byte[] encode(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /**
   * The value of an 8-byte counter.
   *
   * @throws IllegalArgumentException naming the key when {@code bytes} is not 8 bytes long
   */
  static long decode(byte[] key, byte[] bytes) {
    if (bytes.length != Long.BYTES) {
      throw new IllegalArgumentException(
          "counter of key "
              + new String(key, java.nio.charset.StandardCharsets.ISO_8859_1)
              + " has "
              + bytes.length
              + " bytes, expected 8");
    }
    return ByteBuffer.wrap(bytes).getLong();
  }
}
