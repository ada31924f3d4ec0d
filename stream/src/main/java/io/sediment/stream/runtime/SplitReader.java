package io.sediment.stream.runtime;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads one split of a {@link Source}, on one thread.
 *
 * @param <T> the record type
 */
public interface SplitReader<T> extends Closeable {

  /**
   * The next record, or null if none is available now: at the end of the split ({@link #finished()}
   * then tells), or while the split waits for input. Does not block for long: the split's thread
   * also serves checkpoints between calls.
   *
   * @throws IOException naming what could not be read
   */
  T next() throws IOException;

  /**
   * Whether the split has ended: {@link #next()} returned its last record and never returns one
   * again.
   */
  boolean finished();

  /**
   * The position after the last record returned (the position of the first record before any):
   * {@link Source#open} with it continues exactly after that record.
   */
  long offset();
}
