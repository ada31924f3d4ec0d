package io.sediment.stream.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The task thread's inbox: any thread posts actions (a finished batch of state requests, a buffer
 * timeout), and the task thread alone takes and runs them, in the order they were posted. This is
 * how results of I/O come back to the task thread, so that state callbacks never run anywhere else.
 */
public final class Mailbox {

  private final LinkedBlockingQueue<Runnable> mail = new LinkedBlockingQueue<>();

  /** Posts {@code action}; any thread. */
  public void put(Runnable action) {
    mail.add(action);
  }

  /** The oldest action, or null when there is none. */
  public Runnable poll() {
    return mail.poll();
  }

  /**
   * The oldest action, waiting up to {@code nanos} for one; null when none came.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public Runnable poll(long nanos) throws InterruptedException {
    return mail.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** Actions waiting. */
  public int size() {
    return mail.size();
  }
}
