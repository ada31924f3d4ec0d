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
   * The next record, or null at the end of the split (and on every call after it). May wait for
   * input, but not indefinitely: a split that never ends is a source this runtime does not serve
   * yet.
   *
   * @throws IOException naming what could not be read
   */
  T next() throws IOException;

  /**
   * The position after the last record returned (the position of the first record before any):
   * {@link Source#open} with it continues exactly after that record.
   */
  long offset();
}
