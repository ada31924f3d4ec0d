package io.sediment.fs.wrap;

import java.util.Locale;

/**
 * The kinds of file-system operation the wrappers in this package see, one per remote request a DFS
 * or object store would serve.
 */
public enum FsOp {
  /** Opening a file for reading. */
  OPEN,
  /** Creating a file for writing. */
  CREATE,
  /** Looking up one path's status (also behind {@code exists}). */
  GET_FILE_STATUS,
  /** Listing a directory. */
  LIST,
  /** Deleting a path. */
  DELETE,
  /** Creating a directory. */
  MKDIRS,
  /** Renaming a path. */
  RENAME,
  /** One read call on an input stream (positional or sequential). */
  READ,
  /** One write call on an output stream. */
  WRITE,
  /** Making written bytes durable: {@code hflush} or {@code hsync}. */
  SYNC,
  /** Closing an output stream (which makes its bytes durable). */
  CLOSE;

  /** The name used in configuration keys: lower case with dashes, e.g. {@code get-file-status}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
