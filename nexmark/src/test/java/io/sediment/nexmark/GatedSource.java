package io.sediment.nexmark;

import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.SplitReader;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source whose splits stop (return no record, without ending) at an offset until it is raised: a
 * test holds a job mid-stream, takes a checkpoint, cancels it and restores. A split ends only once
 * the gate is fully open ({@code Long.MAX_VALUE}), so a job can also be held after its last record.
 * {@link #awaitDelivered} counts the records handed out, so a test knows when every split has
 * reached the gate.
 */
final class GatedSource<T> implements Source<T> {

  private final Source<T> source;
  private final AtomicLong limit;
  private final AtomicLong delivered = new AtomicLong();

  GatedSource(Source<T> source, long limit) {
    this.source = source;
    this.limit = new AtomicLong(limit);
  }

  void open(long newLimit) {
    limit.set(newLimit);
  }

  /**
   * Waits until the readers have handed out {@code n} records in all (a replay counts again).
   *
   * @throws TimeoutException if that takes longer than {@code timeout}
   */
  synchronized void awaitDelivered(long n, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (delivered.get() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException(delivered.get() + " of " + n + " records delivered");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private synchronized void deliveredOne() {
    delivered.incrementAndGet();
    notifyAll();
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
        if (reader.offset() >= limit.get()) {
          return null;
        }
        T t = reader.next();
        if (t != null) {
          deliveredOne();
        }
        return t;
      }

      @Override
      public boolean finished() {
        return reader.finished() && limit.get() == Long.MAX_VALUE;
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
