package io.sediment.fs.wrap;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * How the {@link LatencyFileSystem} spends injected time. Tests pass a recording sleeper and assert
 * the total it was asked for instead of measuring wall time.
 */
@FunctionalInterface
public interface Sleeper {

  /** Really sleeps, on the calling thread. */
  Sleeper SYSTEM =
      nanos -> {
        if (nanos <= 0) {
          return;
        }
        try {
          Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while injecting " + nanos + " ns latency");
        }
      };

  /**
   * Spends {@code nanos} nanoseconds (a non-positive value means none).
   *
   * @throws IOException (an {@link InterruptedIOException}) if interrupted
   */
  void sleepNanos(long nanos) throws IOException;
}
