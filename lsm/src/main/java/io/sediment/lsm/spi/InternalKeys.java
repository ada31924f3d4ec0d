package io.sediment.lsm.spi;

import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;

/**
 * The internal-key layout that file bounds ({@link io.sediment.lsm.StoreFile}) and SST properties
 * use: the user key followed by an 8-byte big-endian trailer {@code (sequence << 8) | kind code}.
 * Internal keys order by user key (unsigned bytes, a shorter key first on a common prefix), then by
 * trailer descending, so the newest entry of a user key comes first.
 *
 * <p>Stateless; every method is thread-safe and copies what it returns.
 */
public final class InternalKeys {

  /** Bytes of the trailer after the user key. */
  public static final int TRAILER_BYTES = InternalKey.TRAILER_BYTES;

  /** The largest sequence number: 56 bits. */
  public static final long MAX_SEQUENCE = InternalKey.MAX_SEQUENCE;

  private InternalKeys() {}

  /**
   * The internal key of {@code userKey} at {@code sequence} of {@code kind}.
   *
   * @throws IllegalArgumentException if userKey or kind is null, or the sequence is out of range
   *     (negative or above {@link #MAX_SEQUENCE})
   */
  public static byte[] encode(byte[] userKey, long sequence, EntryKind kind) {
    if (userKey == null || kind == null) {
      throw new IllegalArgumentException("user key and kind must not be null");
    }
    return InternalKey.encode(userKey, sequence, ValueType.fromCode(kind.code()));
  }

  /**
   * The user key of {@code internalKey}.
   *
   * @throws IllegalArgumentException if the key is null or shorter than a trailer
   */
  public static byte[] userKey(byte[] internalKey) {
    check(internalKey);
    return InternalKey.userKey(internalKey);
  }

  /**
   * The sequence number of {@code internalKey}.
   *
   * @throws IllegalArgumentException if the key is null or shorter than a trailer
   */
  public static long sequence(byte[] internalKey) {
    check(internalKey);
    return InternalKey.sequence(internalKey, 0, internalKey.length);
  }

  /**
   * The entry kind of {@code internalKey}.
   *
   * @throws IllegalArgumentException if the key is null, shorter than a trailer, or has an unknown
   *     kind code
   */
  public static EntryKind kind(byte[] internalKey) {
    check(internalKey);
    return EntryKind.fromCode(InternalKey.type(internalKey, 0, internalKey.length).code());
  }

  /**
   * Compares two internal keys in the order above.
   *
   * @throws IllegalArgumentException if a key is null or shorter than a trailer
   */
  public static int compare(byte[] a, byte[] b) {
    check(a);
    check(b);
    return InternalKey.compare(a, b);
  }

  /**
   * {@code 'user key' @sequence KIND}, the user key shown as by {@link #display(byte[])}.
   *
   * @throws IllegalArgumentException if the key is null or shorter than a trailer
   */
  public static String toDisplay(byte[] internalKey) {
    check(internalKey);
    return InternalKey.toString(internalKey, 0, internalKey.length);
  }

  /** Printable ASCII as is, other bytes as {@code \xNN}, in quotes; "null" for null. */
  public static String display(byte[] bytes) {
    return Bytes.toDisplay(bytes);
  }

  private static void check(byte[] internalKey) {
    if (internalKey == null || internalKey.length < TRAILER_BYTES) {
      throw new IllegalArgumentException(
          "an internal key has at least "
              + TRAILER_BYTES
              + " bytes: "
              + (internalKey == null ? "null" : internalKey.length + " bytes"));
    }
  }
}
