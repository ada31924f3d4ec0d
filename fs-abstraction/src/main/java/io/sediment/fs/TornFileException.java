package io.sediment.fs;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A framed file is incomplete or damaged: shorter than its header says, or its magic or checksum
 * does not match. Usually a write that never completed; the message names the file and the offset
 * where the problem was found.
 */
public final class TornFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final long offset;

  /** A problem in {@code path} at byte {@code offset}. */
  public TornFileException(Path path, long offset, String problem) {
    super("incomplete or damaged file " + path + " at offset " + offset + ": " + problem);
    this.path = path;
    this.offset = offset;
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** The byte offset where the problem was found. */
  public long offset() {
    return offset;
  }
}
