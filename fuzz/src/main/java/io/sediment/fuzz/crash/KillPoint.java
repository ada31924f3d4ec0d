package io.sediment.fuzz.crash;

import java.util.SplittableRandom;

/**
 * When the parent kills a {@link CrashWorkload}: once the process reported a given event (an op,
 * the start or end of its n-th checkpoint, the start of its n-th discard or collection), plus a
 * delay during which it keeps working. The event fixes the kill point in the workload; the delay
 * and the process's speed decide what exactly was in flight (a flush, a compaction, a manifest or
 * registry publish), which is what makes the kill land everywhere over many runs.
 *
 * @param kind the event that arms the kill
 * @param target the op index (for {@link Kind#AFTER_OP}) or the event's ordinal in this process (1:
 *     the first checkpoint it begins, ...)
 * @param delayMillis how long the process keeps running after the event before the kill
 */
public record KillPoint(Kind kind, long target, int delayMillis) {

  /** The events a kill can follow. */
  public enum Kind {
    AFTER_OP,
    CHECKPOINT_BEGIN,
    CHECKPOINT_DONE,
    DISCARD_BEGIN,
    COLLECTION_BEGIN
  }

  /**
   * @throws IllegalArgumentException for a negative target or delay
   */
  public KillPoint {
    if (kind == null || target < 0 || delayMillis < 0) {
      throw new IllegalArgumentException(
          "need a kind, target >= 0 and delay >= 0: " + kind + ", " + target + ", " + delayMillis);
    }
  }

  /**
   * A seeded kill point of a process that starts at op {@code startOps}: about half after a random
   * op among the next {@code maxOps}, the rest during or right after checkpoint work; two thirds
   * with a delay of up to {@code maxDelayMillis}.
   */
  public static KillPoint random(
      SplittableRandom random, long startOps, int maxOps, int maxDelayMillis) {
    int r = random.nextInt(100);
    Kind kind;
    long target;
    if (r < 50) {
      kind = Kind.AFTER_OP;
      target = startOps + random.nextInt(maxOps);
    } else if (r < 72) {
      kind = Kind.CHECKPOINT_BEGIN;
      target = 1 + random.nextInt(2);
    } else if (r < 84) {
      kind = Kind.CHECKPOINT_DONE;
      target = 1 + random.nextInt(2);
    } else if (r < 94) {
      kind = Kind.DISCARD_BEGIN;
      target = 1 + random.nextInt(2);
    } else {
      kind = Kind.COLLECTION_BEGIN;
      target = 1;
    }
    int delay = random.nextInt(3) == 0 ? 0 : random.nextInt(maxDelayMillis + 1);
    return new KillPoint(kind, target, delay);
  }

  /** Whether the process has reported the event. */
  public boolean reached(Progress p) {
    return switch (kind) {
      case AFTER_OP -> p.ackedOps() > target;
      case CHECKPOINT_BEGIN -> p.checkpointsBegun().size() >= target;
      case CHECKPOINT_DONE -> p.checkpointsDone().size() >= target;
      case DISCARD_BEGIN -> p.discardsBegun().size() >= target;
      case COLLECTION_BEGIN -> p.collectionsBegun() >= target;
    };
  }

  @Override
  public String toString() {
    String event =
        switch (kind) {
          case AFTER_OP -> "after op " + target;
          case CHECKPOINT_BEGIN -> "at the start of checkpoint #" + target;
          case CHECKPOINT_DONE -> "at the end of checkpoint #" + target;
          case DISCARD_BEGIN -> "at the start of discard #" + target;
          case COLLECTION_BEGIN -> "at the start of collection #" + target;
        };
    return event + " + " + delayMillis + " ms";
  }
}
