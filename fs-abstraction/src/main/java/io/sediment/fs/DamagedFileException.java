package io.sediment.fs;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A framed file is complete (as long as its header says, or longer) but damaged: its magic, version
 * or checksum does not match. A writer that dies part-way leaves a prefix of the frame ({@link
 * TornFileException}), never this, so such a file may have been in force and must not be passed
 * over; the message names the file and the offset where the problem was found.
 */
public final class DamagedFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final long offset;

  /** A problem in {@code path} at byte {@code offset}. */
  public DamagedFileException(Path path, long offset, String problem) {
    super("damaged file " + path + " at offset " + offset + ": " + problem);
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
