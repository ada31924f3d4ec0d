package io.sediment.lsm.internal;

/**
 * Kind of an entry, stored in the low byte of an internal key's trailer. The codes are part of
 * every on-disk format: never renumber them.
 */
public enum ValueType {
  /** A point tombstone: the key has no value at this sequence number. */
  DELETE(0),
  /** A full value. */
  PUT(1),
  /** A merge operand, folded with older entries by the merge function. */
  MERGE(2),
  /** A range tombstone; the user key is the range start, the value the exclusive end. */
  RANGE_DELETE(3);

  /**
   * Highest code, used when seeking: for one user key and sequence number, the entry with the
   * highest code sorts first, so a seek target built with it lands before every entry at that
   * sequence number.
   */
  public static final ValueType FOR_SEEK = RANGE_DELETE;

  private static final ValueType[] BY_CODE = {DELETE, PUT, MERGE, RANGE_DELETE};

  private final int code;

  ValueType(int code) {
    this.code = code;
  }

  /** The one-byte code stored on disk. */
  public int code() {
    return code;
  }

  /**
   * The type for an on-disk code.
   *
   * @throws IllegalArgumentException for an unknown code (callers reading files turn this into a
   *     corruption error naming the file)
   */
  public static ValueType fromCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("unknown value type code " + code);
    }
    return BY_CODE[code];
  }
}
