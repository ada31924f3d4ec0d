package io.sediment.stream.internal;

import java.util.ArrayDeque;

/**
 * Splits the input into epochs at non-record events and runs each epoch's actions once, in order,
 * when its records are done. Task thread only.
 *
 * <p>An epoch closes with two actions, as Flink's epochs do since its watermark fixes:
 *
 * <ol>
 *   <li>The <b>trigger action</b> runs once every record of the epoch has finished (for a
 *       watermark: fire the event-time timers up to it). Records it starts (a timer's work) join
 *       the epoch being triggered, not the open one.
 *   <li>The <b>final action</b> runs once those records have finished too (for a watermark: emit it
 *       downstream). So a timer's state work is complete before its watermark leaves the operator.
 * </ol>
 *
 * Epochs finish strictly in the order they closed, each exactly once: {@link #advance} is not
 * re-entrant, so a record that finishes while an action runs cannot fire an action a second time
 * (the fault of a watermark emitted twice when no further input arrives). An epoch closed with no
 * record in progress runs both actions at once, inside {@link #close}.
 */
public final class EpochManager {

  private final ArrayDeque<Epoch> closed = new ArrayDeque<>();
  private Epoch open = new Epoch(0);
  private Epoch triggering;
  private boolean advancing;

  /** The epoch a record starting now belongs to; counts the record in it. */
  public Epoch onRecord() {
    Epoch e = triggering != null ? triggering : open;
    e.recordStarted();
    return e;
  }

  /** Counts a record of {@code epoch} as finished, and runs the actions that became due. */
  public void onRecordFinished(Epoch epoch) {
    epoch.recordFinished();
    if (epoch != open) {
      advance();
    }
  }

  /**
   * Closes the open epoch with its actions, opens the next, and runs the actions that are due.
   *
   * @return the closed epoch, whose {@link Epoch#isFinished()} tells when its final action ran
   * @throws IllegalArgumentException if an action is null
   */
  public Epoch close(Runnable triggerAction, Runnable finalAction) {
    if (triggerAction == null || finalAction == null) {
      throw new IllegalArgumentException("epoch actions must not be null");
    }
    Epoch e = open;
    e.close(triggerAction, finalAction);
    closed.add(e);
    open = new Epoch(e.id() + 1);
    advance();
    return e;
  }

  /** Closed epochs whose final action has not run. */
  public int pendingEpochs() {
    return closed.size();
  }

  /** The epoch taking records now. */
  public Epoch openEpoch() {
    return open;
  }

  /**
   * Runs due actions of the oldest closed epochs, in order; a call made while actions run (from
   * inside one, or from a record finishing during one) returns at once, and the running call picks
   * up what became due.
   */
  public void advance() {
    if (advancing) {
      return;
    }
    advancing = true;
    try {
      while (!closed.isEmpty()) {
        Epoch head = closed.peek();
        if (head.phase() == Epoch.Phase.CLOSED) {
          if (head.ongoing() > 0) {
            return;
          }
          triggering = head;
          try {
            head.triggerAction().run();
          } finally {
            triggering = null;
          }
          head.phase(Epoch.Phase.TRIGGERED);
        }
        if (head.ongoing() > 0) {
          return;
        }
        closed.poll();
        head.phase(Epoch.Phase.FINISHED);
        head.finalAction().run();
      }
    } finally {
      advancing = false;
    }
  }
}
