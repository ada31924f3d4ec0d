package io.sediment.stream;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor that runs tasks only when the test says so, on the test's thread. */
final class ManualExecutor implements Executor {

  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs every queued task (and those they queue). */
  int runAll() {
    int n = 0;
    while (true) {
      Runnable r;
      synchronized (this) {
        r = tasks.poll();
      }
      if (r == null) {
        return n;
      }
      r.run();
      n++;
    }
  }

  synchronized int queued() {
    return tasks.size();
  }
}
