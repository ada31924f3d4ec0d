package io.sediment.nexmark;

import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.SplitReader;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * The records of a source that pass a test, with the source's own offsets: a query that reads one
 * kind of event drops the others before they are shipped to an operator instance (as a filter
 * chained to a source would), and replay stays exact because the test is deterministic.
 *
 * @param <T> the record type
 */
public final class FilteredSource<T> implements Source<T> {

  /** Records skipped in one call of {@link SplitReader#next}, at most, so that it stays short. */
  private static final int MAX_SKIPPED_PER_CALL = 4096;

  private final Source<T> source;
  private final Predicate<? super T> test;

  /**
   * The records of {@code source} for which {@code test} is true.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public FilteredSource(Source<T> source, Predicate<? super T> test) {
    if (source == null || test == null) {
      throw new IllegalArgumentException("source and test must not be null");
    }
    this.source = source;
    this.test = test;
  }

  @Override
  public int splits() {
    return source.splits();
  }

  @Override
  public SplitReader<T> open(int split, long offset) throws IOException {
    SplitReader<T> reader = source.open(split, offset);
    return new SplitReader<>() {
      @Override
      public T next() throws IOException {
        for (int skipped = 0; skipped < MAX_SKIPPED_PER_CALL; skipped++) {
          T t = reader.next();
          if (t == null || test.test(t)) {
            return t;
          }
        }
        return null;
      }

      @Override
      public boolean finished() {
        return reader.finished();
      }

      @Override
      public long offset() {
        return reader.offset();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }
}
