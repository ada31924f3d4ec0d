package io.sediment.lsm.spi;

/**
 * The kind of an entry of an SST, stored in the low byte of its internal key's trailer (see {@link
 * InternalKeys}). The codes are part of every on-disk format and never change.
 */
public enum EntryKind {
  /** A point deletion: the key has no value at this sequence number. */
  DELETE(0),
  /** A full value. */
  PUT(1),
  /** A merge operand, folded with older entries by the merge function. */
  MERGE(2),
  /** A range deletion; its key is the range's start, its value the exclusive end. */
  RANGE_DELETE(3);

  private static final EntryKind[] BY_CODE = {DELETE, PUT, MERGE, RANGE_DELETE};

  private final int code;

  EntryKind(int code) {
    this.code = code;
  }

  /** The one-byte code stored on disk. */
  public int code() {
    return code;
  }

  /**
   * The kind of an on-disk code.
   *
   * @throws IllegalArgumentException naming the code if it is unknown
   */
  public static EntryKind fromCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("unknown entry kind code " + code);
    }
    return BY_CODE[code];
  }
}
