package io.sediment.stream.runtime;

import java.io.IOException;

/**
 * A replayable input: a fixed number of splits, each an ordered sequence of records that can be
 * read again from any offset it reported. Replay is what makes a restored job exactly-once: a
 * checkpoint records each split's offset, and a restore reads every split again from there, so the
 * records after the checkpoint are seen again and nothing before it twice.
 *
 * <p>A split must return the same records in the same order each time it is read from the same
 * offset. Thread-safe: each split is read by its own thread.
 *
 * @param <T> the record type
 */
public interface Source<T> {

  /** The number of splits; fixed for the life of the job (at least 1). */
  int splits();

  /**
   * Opens split {@code split} positioned at {@code offset}: the first record returned is the one
   * that followed the record after which {@link SplitReader#offset()} reported {@code offset}.
   *
   * @throws IllegalArgumentException if the split is not in {@code [0, splits())} or the offset was
   *     never reported by this split
   * @throws IOException naming what could not be read
   */
  SplitReader<T> open(int split, long offset) throws IOException;
}
