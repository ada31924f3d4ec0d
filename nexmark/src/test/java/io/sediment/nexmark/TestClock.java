package io.sediment.nexmark;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when the test sets it: q12's processing time under the test's control.
 */
final class TestClock extends Clock {

  private final AtomicLong millis;

  TestClock(long millis) {
    this.millis = new AtomicLong(millis);
  }

  void set(long to) {
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
    throw new UnsupportedOperationException("a test clock has one zone");
  }
}
