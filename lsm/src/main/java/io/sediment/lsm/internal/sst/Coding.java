package io.sediment.lsm.internal.sst;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian fixed-width integers and LEB128 varints on byte arrays: the primitive encodings of
 * the SST format (see docs/format/sst.md).
 */
final class Coding {

  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Longest varint32 encoding. */
  static final int MAX_VARINT32_BYTES = 5;

  /** Longest varint64 encoding. */
  static final int MAX_VARINT64_BYTES = 10;

  private Coding() {}

  static int getIntLE(byte[] b, int offset) {
    return (int) INT_LE.get(b, offset);
  }

  static void putIntLE(byte[] b, int offset, int value) {
    INT_LE.set(b, offset, value);
  }

  static long getLongLE(byte[] b, int offset) {
    return (long) LONG_LE.get(b, offset);
  }

  static void putLongLE(byte[] b, int offset, long value) {
    LONG_LE.set(b, offset, value);
  }

  /** Bytes needed to encode {@code value} as an unsigned varint. */
  static int varintLength(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /** Writes {@code value} (treated as unsigned) at {@code pos}; returns the position after it. */
  static int putVarint32(byte[] b, int pos, int value) {
    while ((value & ~0x7F) != 0) {
      b[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    b[pos++] = (byte) value;
    return pos;
  }

  /** Writes {@code value} (treated as unsigned) at {@code pos}; returns the position after it. */
  static int putVarint64(byte[] b, int pos, long value) {
    while ((value & ~0x7FL) != 0) {
      b[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    b[pos++] = (byte) value;
    return pos;
  }
}
