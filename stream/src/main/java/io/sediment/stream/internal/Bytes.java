package io.sediment.stream.internal;

import java.util.Arrays;
import java.util.HexFormat;

/** Byte-array helpers for stored keys: the store's order, successors, display. */
public final class Bytes {

  private Bytes() {}

  /** Unsigned lexicographic order, a shorter array first on a common prefix (the store's). */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /**
   * The first key after every key that starts with {@code prefix}.
   *
   * @throws IllegalArgumentException if no such key exists (the prefix is all 0xFF)
   */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    throw new IllegalArgumentException("prefix " + hex(prefix) + " has no end");
  }

  /** The smallest key after {@code key}: {@code key} with a 0 byte appended. */
  public static byte[] next(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /** Whether {@code key} starts with {@code prefix}. */
  public static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Hex, for messages. */
  public static String hex(byte[] b) {
    return b == null ? "null" : HexFormat.of().formatHex(b);
  }

  /** An 8-byte big-endian long at {@code at}. */
  public static long readLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  /** Writes {@code v} big-endian at {@code at}. */
  public static void writeLong(byte[] b, int at, long v) {
    for (int i = Long.BYTES - 1; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  /** A 4-byte big-endian int at {@code at}. */
  public static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  /** Writes {@code v} big-endian at {@code at}. */
  public static void writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
