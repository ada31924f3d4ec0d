package io.sediment.fs.wrap;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread on which the {@link LatencyFileSystem} completes vectored reads once their latency
 * has passed: a remote store answers many requests without a client thread waiting on each, and a
 * timer models that where a sleeping thread per request would add a thread switch per request.
 * Created on first use; a daemon, so it never keeps a JVM alive.
 */
final class LatencyTimer {

  private LatencyTimer() {}

  private static final class Holder {
    static final ScheduledThreadPoolExecutor TIMER = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread thread = new Thread(r, "sediment-latency-timer");
                thread.setDaemon(true);
                return thread;
              });
      t.setRemoveOnCancelPolicy(true);
      return t;
    }
  }

  /** Runs {@code task} on the timer thread once {@code nanos} have passed. */
  static void schedule(long nanos, Runnable task) {
    Holder.TIMER.schedule(task, nanos, TimeUnit.NANOSECONDS);
  }
}
