package io.sediment.stream.internal;

/**
 * The records between two non-record events (watermarks, timers firing, checkpoint barriers), and
 * what to do when they have all finished. Task thread only; see {@link EpochManager}.
 */
public final class Epoch {

  /** Where an epoch is in its life. */
  public enum Phase {
    /** Takes new records. */
    OPEN,
    /** Closed; waits for its records before the trigger action. */
    CLOSED,
    /** The trigger action ran; waits for the records it started before the final action. */
    TRIGGERED,
    /** The final action ran (or is running). */
    FINISHED
  }

  private final long id;
  private int ongoing;
  private Phase phase = Phase.OPEN;
  private Runnable triggerAction;
  private Runnable finalAction;

  Epoch(long id) {
    this.id = id;
  }

  /** Sequence number, from 0. */
  public long id() {
    return id;
  }

  /** Records of this epoch not finished yet. */
  public int ongoing() {
    return ongoing;
  }

  /** Where it is. */
  public Phase phase() {
    return phase;
  }

  /** Whether the final action has run. */
  public boolean isFinished() {
    return phase == Phase.FINISHED;
  }

  void recordStarted() {
    ongoing++;
  }

  void recordFinished() {
    if (ongoing == 0) {
      throw new IllegalStateException("epoch " + id + " has no record in progress");
    }
    ongoing--;
  }

  void close(Runnable trigger, Runnable fin) {
    this.triggerAction = trigger;
    this.finalAction = fin;
    this.phase = Phase.CLOSED;
  }

  Runnable triggerAction() {
    return triggerAction;
  }

  Runnable finalAction() {
    return finalAction;
  }

  void phase(Phase next) {
    this.phase = next;
  }

  @Override
  public String toString() {
    return "epoch " + id + " " + phase + " (" + ongoing + " records)";
  }
}
