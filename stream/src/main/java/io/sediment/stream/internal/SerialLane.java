package io.sediment.stream.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in the order they were given, on an executor of any width: a batch of
 * state requests must see the writes of the batch before it. Tasks must not throw. Thread-safe.
 */
public final class SerialLane implements Executor {

  private final Executor executor;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  /** A lane over {@code executor}. */
  public SerialLane(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (queue) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    executor.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      next.run();
    }
  }
}
