package io.sediment.nexmark;

import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.SplitReader;
import java.util.List;

/**
 * A list as a replayable source: record {@code i} goes to split {@code i % splits} and a split's
 * offset is the index of its next record (opened at any offset, it starts at its first record at or
 * after it). A later stage of a query reads the committed output of the stage before it this way.
 *
 * @param <T> the record type
 */
public final class ListSource<T> implements Source<T> {

  private final List<T> records;
  private final int splits;

  /**
   * A source of {@code records} (not copied; must not change) in {@code splits} splits.
   *
   * @throws IllegalArgumentException if {@code records} is null or {@code splits} is less than 1
   */
  public ListSource(List<T> records, int splits) {
    if (records == null || splits < 1) {
      throw new IllegalArgumentException("records and splits >= 1 are needed: " + splits);
    }
    this.records = records;
    this.splits = splits;
  }

  @Override
  public int splits() {
    return splits;
  }

  @Override
  public SplitReader<T> open(int split, long offset) {
    if (split < 0 || split >= splits) {
      throw new IllegalArgumentException("no split " + split + " of " + splits);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    return new SplitReader<>() {
      private long next = firstAtOrAfter(offset, split, splits);

      @Override
      public T next() {
        if (next >= records.size()) {
          return null;
        }
        T t = records.get((int) next);
        next += splits;
        return t;
      }

      @Override
      public boolean finished() {
        return next >= records.size();
      }

      @Override
      public long offset() {
        return next;
      }

      @Override
      public void close() {}
    };
  }

  /** The first index at or after {@code offset} that belongs to split {@code split}. */
  static long firstAtOrAfter(long offset, int split, int splits) {
    long k = Math.max(0, (offset - split + splits - 1) / splits);
    return split + k * splits;
  }
}
