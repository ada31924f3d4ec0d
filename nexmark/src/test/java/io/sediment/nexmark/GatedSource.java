package io.sediment.nexmark;

import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.SplitReader;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source whose splits stop (return no record, without ending) at an offset until it is raised: a
 * test holds a job mid-stream, takes a checkpoint, cancels it and restores.
 */
final class GatedSource<T> implements Source<T> {

  private final Source<T> source;
  private final AtomicLong limit;

  GatedSource(Source<T> source, long limit) {
    this.source = source;
    this.limit = new AtomicLong(limit);
  }

  void open(long newLimit) {
    limit.set(newLimit);
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
        return reader.offset() >= limit.get() ? null : reader.next();
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
