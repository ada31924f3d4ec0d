package io.sediment.stream.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test sets it: processing time under the test's control. */
public final class ManualClock extends Clock {

  private final AtomicLong millis;

  /** A clock at {@code millis}. */
  public ManualClock(long millis) {
    this.millis = new AtomicLong(millis);
  }

  /** Sets the time to {@code to}. */
  public void set(long to) {
    millis.set(to);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual clock has one zone");
  }
}
