package io.sediment.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scheduler whose actions run when the test fires them. */
final class ManualScheduler implements DelayScheduler {

  private final List<Runnable> pending = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable action) {
    pending.add(action);
    delays.add(delay);
    return () -> {
      synchronized (ManualScheduler.this) {
        int i = pending.indexOf(action);
        if (i >= 0) {
          pending.remove(i);
          delays.remove(i);
        }
      }
    };
  }

  /** Runs every pending action. */
  void fireAll() {
    List<Runnable> now;
    synchronized (this) {
      now = new ArrayList<>(pending);
      pending.clear();
      delays.clear();
    }
    now.forEach(Runnable::run);
  }

  synchronized List<Duration> delays() {
    return new ArrayList<>(delays);
  }
}
