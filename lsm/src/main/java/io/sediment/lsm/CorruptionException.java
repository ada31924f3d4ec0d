package io.sediment.lsm;

import java.io.IOException;

/**
 * Stored data failed a check: a checksum mismatch, a bad magic number, a truncated file, or a
 * structure that cannot be decoded. Always names the file and the byte offset of the bad data, so
 * an operator can find it. Sediment never answers from data that failed a check.
 */
public class CorruptionException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final long offset;

  /**
   * @param file the file (physical path or URI) holding the bad data
   * @param offset byte offset of the bad data within the file, or -1 when not known
   * @param detail what check failed
   */
  public CorruptionException(String file, long offset, String detail) {
    super("corruption in " + file + " at offset " + offset + ": " + detail);
    this.file = file;
    this.offset = offset;
  }

  /** As {@link #CorruptionException(String, long, String)}, with the error that revealed it. */
  public CorruptionException(String file, long offset, String detail, Throwable cause) {
    this(file, offset, detail);
    initCause(cause);
  }

  /** The file holding the bad data. */
  public String file() {
    return file;
  }

  /** Byte offset of the bad data, or -1 when not known. */
  public long offset() {
    return offset;
  }
}
