package io.sediment.stream.runtime;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replayable source over fixed lists, one per split; the offset is the index of the next record.
 * A test makes only a prefix of each split available (the job then waits mid-stream) and can make
 * the next read fail once.
 *
 * @param <T> the record type
 */
public final class ListSource<T> implements Source<T> {

  private final List<List<T>> splits;
  private final AtomicLong available = new AtomicLong(Long.MAX_VALUE);
  private final AtomicBoolean failNext = new AtomicBoolean();

  /** A source whose split {@code s} is {@code splits.get(s)}. */
  public ListSource(List<List<T>> splits) {
    this.splits = List.copyOf(splits);
  }

  /** Makes each split's records before {@code offset} available; the rest waits. */
  public ListSource<T> availableUpTo(long offset) {
    available.set(offset);
    return this;
  }

  /** The next read of any split throws, once: a failure to restore from. */
  public void failNextRead() {
    failNext.set(true);
  }

  @Override
  public int splits() {
    return splits.size();
  }

  @Override
  public SplitReader<T> open(int split, long offset) {
    if (split < 0 || split >= splits.size() || offset < 0 || offset > splits.get(split).size()) {
      throw new IllegalArgumentException("no split " + split + " at offset " + offset);
    }
    List<T> records = splits.get(split);
    return new SplitReader<>() {
      private int next = (int) offset;

      @Override
      public T next() {
        if (failNext.compareAndSet(true, false)) {
          throw new IllegalStateException("injected failure of split " + split + " at " + next);
        }
        if (next >= records.size() || next >= available.get()) {
          return null;
        }
        return records.get(next++);
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
}
