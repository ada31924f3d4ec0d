package io.sediment.lsm.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encoding and order of internal keys: {@code userKey || trailer}, where the trailer is 8 bytes,
 * big-endian, {@code (sequence << 8) | valueTypeCode}.
 *
 * <p>Order: user keys ascending by unsigned lexicographic byte order (a shorter key first on a
 * common prefix), then trailers descending, so for one user key the newest entry comes first. This
 * is the order of memtables, data blocks, index blocks and every internal iterator.
 *
 * <p>Methods take {@code (array, offset, length)} slices so iterators can expose keys held in
 * reused buffers without copying.
 */
public final class InternalKey {

  /** Bytes of the trailer appended to every user key. */
  public static final int TRAILER_BYTES = 8;

  /** Largest sequence number: 56 bits. */
  public static final long MAX_SEQUENCE = (1L << 56) - 1;

  /** Eight bytes read big-endian: unsigned order of the longs is the order of the bytes. */
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private InternalKey() {}

  /** Packs a sequence number and type into a trailer. */
  public static long trailer(long sequence, ValueType type) {
    if (sequence < 0 || sequence > MAX_SEQUENCE) {
      throw new IllegalArgumentException("sequence number out of range: " + sequence);
    }
    return (sequence << 8) | type.code();
  }

  /** Encodes a new internal key. */
  public static byte[] encode(byte[] userKey, long sequence, ValueType type) {
    byte[] out = Arrays.copyOf(userKey, userKey.length + TRAILER_BYTES);
    putTrailer(out, userKey.length, trailer(sequence, type));
    return out;
  }

  /**
   * The smallest internal key (first in order) for {@code userKey} visible at {@code sequence}: a
   * seek to it lands on the newest entry of that user key whose sequence is at most {@code
   * sequence}.
   */
  public static byte[] seekKey(byte[] userKey, long sequence) {
    return encode(userKey, sequence, ValueType.FOR_SEEK);
  }

  /** Writes a trailer big-endian at {@code offset}. */
  public static void putTrailer(byte[] dst, int offset, long trailer) {
    LONG_BE.set(dst, offset, trailer);
  }

  /** Reads the trailer of the internal key {@code key[offset..offset+length)}. */
  public static long trailer(byte[] key, int offset, int length) {
    return (long) LONG_BE.get(key, offset + length - TRAILER_BYTES);
  }

  /** Sequence number of the internal key slice. */
  public static long sequence(byte[] key, int offset, int length) {
    return trailer(key, offset, length) >>> 8;
  }

  /** Value type of the internal key slice. */
  public static ValueType type(byte[] key, int offset, int length) {
    return ValueType.fromCode(key[offset + length - 1] & 0xFF);
  }

  /** Length of the user key inside an internal key of {@code internalLength} bytes. */
  public static int userKeyLength(int internalLength) {
    return internalLength - TRAILER_BYTES;
  }

  /** Copies the user key out of an internal key. */
  public static byte[] userKey(byte[] key, int offset, int length) {
    return Arrays.copyOfRange(key, offset, offset + length - TRAILER_BYTES);
  }

  /** Copies the user key out of a whole internal key array. */
  public static byte[] userKey(byte[] internalKey) {
    return userKey(internalKey, 0, internalKey.length);
  }

  /**
   * Compares two user keys (unsigned lexicographic, shorter first on a common prefix).
   *
   * <p>Eight bytes at a time as big-endian longs: for the short keys of a state backend this beats
   * {@link Arrays#compareUnsigned(byte[], int, int, byte[], int, int)}, whose setup costs more than
   * the comparison itself.
   */
  public static int compareUserKeys(
      byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
    Objects.checkFromIndexSize(aOffset, aLength, a.length);
    Objects.checkFromIndexSize(bOffset, bLength, b.length);
    int common = Math.min(aLength, bLength);
    int i = 0;
    for (; i + Long.BYTES <= common; i += Long.BYTES) {
      long x = (long) LONG_BE.get(a, aOffset + i);
      long y = (long) LONG_BE.get(b, bOffset + i);
      if (x != y) {
        return Long.compareUnsigned(x, y);
      }
    }
    for (; i < common; i++) {
      int c = (a[aOffset + i] & 0xFF) - (b[bOffset + i] & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(aLength, bLength);
  }

  /** Compares two whole user keys. */
  public static int compareUserKeys(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /** Compares two internal key slices in internal order (see class comment). */
  public static int compare(
      byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
    int c =
        compareUserKeys(a, aOffset, aLength - TRAILER_BYTES, b, bOffset, bLength - TRAILER_BYTES);
    if (c != 0) {
      return c;
    }
    // Trailers descending: a larger sequence number sorts first.
    return Long.compareUnsigned(trailer(b, bOffset, bLength), trailer(a, aOffset, aLength));
  }

  /** Compares two whole internal keys in internal order. */
  public static int compare(byte[] a, byte[] b) {
    return compare(a, 0, a.length, b, 0, b.length);
  }

  /** Human-readable form for errors and dumps: {@code 'user key' @seq TYPE}. */
  public static String toString(byte[] key, int offset, int length) {
    if (length < TRAILER_BYTES) {
      return "<invalid internal key of " + length + " bytes>";
    }
    long t = trailer(key, offset, length);
    int code = (int) (t & 0xFF);
    String type = code < 4 ? ValueType.fromCode(code).name() : ("type" + code);
    return Bytes.toDisplay(key, offset, length - TRAILER_BYTES) + " @" + (t >>> 8) + " " + type;
  }
}
