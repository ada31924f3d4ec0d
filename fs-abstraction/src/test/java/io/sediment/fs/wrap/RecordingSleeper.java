package io.sediment.fs.wrap;

import java.util.concurrent.atomic.AtomicLong;

/** A {@link Sleeper} that only adds up what it was asked to spend. */
final class RecordingSleeper implements Sleeper {

  private final AtomicLong total = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();

  @Override
  public void sleepNanos(long nanos) {
    total.addAndGet(nanos);
    calls.incrementAndGet();
  }

  long total() {
    return total.get();
  }

  long calls() {
    return calls.get();
  }
}
