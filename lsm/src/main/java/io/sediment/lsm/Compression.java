package io.sediment.lsm;

/**
 * Block compression of SST files. The codes are stored in every block trailer and in SST
 * properties: never renumber them.
 */
public enum Compression {
  /** Blocks stored as they are. */
  NONE(0),
  /** LZ4 (fast compressor), the default: cheap to decompress on every cache miss. */
  LZ4(1),
  /** Zstandard at a fixed level: smaller files for colder data, slower to compress. */
  ZSTD(2);

  private static final Compression[] BY_CODE = {NONE, LZ4, ZSTD};

  private final int code;

  Compression(int code) {
    this.code = code;
  }

  /** The one-byte code stored on disk. */
  public int code() {
    return code;
  }

  /**
   * The compression for an on-disk code.
   *
   * @throws IllegalArgumentException for an unknown code (readers turn it into a corruption error
   *     naming the file)
   */
  public static Compression fromCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("unknown compression code " + code);
    }
    return BY_CODE[code];
  }
}
