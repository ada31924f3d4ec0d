package io.sediment.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces one thread's writes to a byte rate, like db_bench's {@code --benchmark_write_rate_limit}.
 * Each write is given a start time {@code bytes / rate} after the previous one's; a writer that
 * fell behind (the engine stalled it) does not burst to catch up by more than {@link #MAX_CREDIT}.
 * Not thread-safe: one per writing thread.
 */
final class WritePacer {

  /** The most a writer that fell behind may run ahead of the rate to catch up. */
  static final long MAX_CREDIT = TimeUnit.MILLISECONDS.toNanos(100);

  private final double nanosPerByte;
  private long nextStart = Long.MIN_VALUE;

  /**
   * @param bytesPerSecond the rate; 0 for no pacing
   * @throws IllegalArgumentException if {@code bytesPerSecond} is negative
   */
  WritePacer(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "writeBytesPerSecond must not be negative: " + bytesPerSecond);
    }
    this.nanosPerByte = bytesPerSecond == 0 ? 0 : 1e9 / bytesPerSecond;
  }

  /** Waits until a write of {@code bytes} may start. */
  void awaitTurn(int bytes) {
    if (nanosPerByte == 0) {
      return;
    }
    long now = System.nanoTime();
    if (nextStart == Long.MIN_VALUE || now - nextStart > MAX_CREDIT) {
      nextStart = now - (nextStart == Long.MIN_VALUE ? 0 : MAX_CREDIT);
    }
    for (long wait = nextStart - now; wait > 0; wait = nextStart - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
    nextStart += (long) (bytes * nanosPerByte);
  }
}
