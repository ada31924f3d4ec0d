package io.sediment.stream;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action after a delay, on any thread: the controller's source of time for the buffer
 * timeout. The controller only posts mail from the action, so the action is short. Injected so that
 * tests decide when time passes.
 */
@FunctionalInterface
public interface DelayScheduler {

  /** A scheduled action that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the action off if it has not started; does nothing otherwise. */
    void cancel();
  }

  /**
   * Runs {@code action} once after {@code delay}.
   *
   * @return a handle that calls it off
   */
  Cancellable schedule(Duration delay, Runnable action);

  /**
   * A scheduler over {@code executor}, which the caller keeps and shuts down.
   *
   * @throws NullPointerException if {@code executor} is null
   */
  static DelayScheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return (delay, action) -> {
      ScheduledFuture<?> f = executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }

  /** A scheduler that never runs anything: batches are sent when full or when the task waits. */
  static DelayScheduler never() {
    return (delay, action) -> () -> {};
  }
}
