package io.sediment.fuzz.crash;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the parent learned from the lines of one {@link CrashWorkload} process ({@link
 * ProgressReport}): how many ops returned, which checkpoints were begun (with their op counts),
 * finished and discarded. Lines it does not know (other output of the process) are kept in the tail
 * for diagnostics and otherwise ignored. Not thread-safe.
 */
public final class Progress {

  private static final int TAIL = 12;

  private long startOps = -1;
  private long lastAck = -1;
  private final Map<Long, Long> checkpointsBegun = new LinkedHashMap<>();
  private final Set<Long> checkpointsDone = new LinkedHashSet<>();
  private final Set<Long> discardsBegun = new LinkedHashSet<>();
  private final Set<Long> discardsDone = new LinkedHashSet<>();
  private int collectionsBegun;
  private boolean idle;
  private boolean opMayBeRunning;
  private final Deque<String> tail = new ArrayDeque<>();
  private long lines;

  /**
   * Takes one line of the process's output.
   *
   * @throws IllegalArgumentException if a known event is malformed or out of order
   */
  public void accept(String line) {
    lines++;
    tail.addLast(line);
    if (tail.size() > TAIL) {
      tail.removeFirst();
    }
    String[] w = line.strip().split(" ");
    switch (w[0]) {
      case ProgressReport.READY -> {
        startOps = number(w, 1, line);
        opMayBeRunning = true;
      }
      case ProgressReport.ACK -> {
        long index = number(w, 1, line);
        if (index != ackedOps()) {
          throw new IllegalArgumentException(
              "ack out of order, expected op " + ackedOps() + ": " + line);
        }
        lastAck = index;
        opMayBeRunning = true;
      }
      case ProgressReport.CHECKPOINT_BEGIN -> {
        checkpointsBegun.put(number(w, 1, line), number(w, 2, line));
        opMayBeRunning = false;
      }
      case ProgressReport.CHECKPOINT_DONE -> {
        checkpointsDone.add(number(w, 1, line));
        opMayBeRunning = true;
      }
      case ProgressReport.DISCARD_BEGIN -> {
        discardsBegun.add(number(w, 1, line));
        opMayBeRunning = false;
      }
      case ProgressReport.DISCARD_DONE -> {
        discardsDone.add(number(w, 1, line));
        opMayBeRunning = true;
      }
      case ProgressReport.GC_BEGIN -> {
        collectionsBegun++;
        opMayBeRunning = false;
      }
      case ProgressReport.GC_DONE -> opMayBeRunning = true;
      case ProgressReport.IDLE -> {
        idle = true;
        opMayBeRunning = false;
      }
      default -> {
        // Not ours (a library writing to stdout): kept in the tail only.
      }
    }
  }

  private static long number(String[] words, int i, String line) {
    if (words.length <= i) {
      throw new IllegalArgumentException("progress line lacks field " + i + ": '" + line + "'");
    }
    try {
      return Long.parseLong(words[i]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in progress line '" + line + "'", e);
    }
  }

  /** Whether the process reported that its store is open. */
  public boolean ready() {
    return startOps >= 0;
  }

  /** Ops the store holds for certain: those before the start plus every acknowledged one. */
  public long ackedOps() {
    return lastAck >= 0 ? lastAck + 1 : Math.max(startOps, 0);
  }

  /**
   * Whether the op after the acknowledged ones may have started (and possibly finished, even
   * durably) before the process died: false while a checkpoint, discard or collection was running,
   * and once the workload went idle.
   */
  public boolean opMayBeRunning() {
    return opMayBeRunning;
  }

  /** Checkpoint id to the op count of its state, for every checkpoint begun, in order. */
  public Map<Long, Long> checkpointsBegun() {
    return Collections.unmodifiableMap(checkpointsBegun);
  }

  /** Checkpoints whose {@code checkpoint()} returned. */
  public Set<Long> checkpointsDone() {
    return Collections.unmodifiableSet(checkpointsDone);
  }

  /** Checkpoints whose discard started (they may or may not be retained after a kill). */
  public Set<Long> discardsBegun() {
    return Collections.unmodifiableSet(discardsBegun);
  }

  /** Checkpoints whose discard returned. */
  public Set<Long> discardsDone() {
    return Collections.unmodifiableSet(discardsDone);
  }

  public int collectionsBegun() {
    return collectionsBegun;
  }

  /** Whether the workload reached its op limit. */
  public boolean idle() {
    return idle;
  }

  /** Number of lines read. */
  public long lines() {
    return lines;
  }

  /** The last lines read, oldest first. */
  public List<String> tail() {
    return new ArrayList<>(tail);
  }

  @Override
  public String toString() {
    return "acked "
        + ackedOps()
        + " ops (started at "
        + startOps
        + (opMayBeRunning ? ", next op may have run" : "")
        + "), checkpoints begun "
        + checkpointsBegun
        + ", done "
        + checkpointsDone
        + ", discards begun "
        + discardsBegun
        + ", done "
        + discardsDone
        + ", collections "
        + collectionsBegun
        + (idle ? ", idle" : "");
  }
}
