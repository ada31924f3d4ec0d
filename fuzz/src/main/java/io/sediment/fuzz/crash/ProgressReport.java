package io.sediment.fuzz.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a {@link CrashWorkload} tells its parent, one line per event, each written with a single
 * unbuffered write so that a line the process finished writing reaches the parent even if the
 * process is killed right after (the pipe, not the dead process, holds it). The parent reads the
 * lines with {@link Progress}.
 *
 * <p>Each line is written only once what it reports is true: {@code ack n} after op {@code n}
 * returned, {@code checkpoint-done id} after {@code checkpoint()} returned; a {@code
 * checkpoint-begin id ops} line comes before the call, so the parent knows the op count of every
 * checkpoint that may have become retained, finished or not.
 */
public final class ProgressReport {

  static final String READY = "ready";
  static final String ACK = "ack";
  static final String CHECKPOINT_BEGIN = "checkpoint-begin";
  static final String CHECKPOINT_DONE = "checkpoint-done";
  static final String DISCARD_BEGIN = "discard-begin";
  static final String DISCARD_DONE = "discard-done";
  static final String GC_BEGIN = "gc-begin";
  static final String GC_DONE = "gc-done";
  static final String IDLE = "idle";

  private final OutputStream out;

  /** Writes to {@code out}, which should be unbuffered (each line one write). */
  public ProgressReport(OutputStream out) {
    this.out = out;
  }

  /** The store is open and holds the first {@code ops} ops. */
  public void ready(long ops) {
    line(READY + " " + ops);
  }

  /** Op {@code index} (0-based) returned. */
  public void ack(long index) {
    line(ACK + " " + index);
  }

  /** Checkpoint {@code id} of the state after the first {@code ops} ops is about to be taken. */
  public void checkpointBegin(long id, long ops) {
    line(CHECKPOINT_BEGIN + " " + id + " " + ops);
  }

  public void checkpointDone(long id) {
    line(CHECKPOINT_DONE + " " + id);
  }

  public void discardBegin(long id) {
    line(DISCARD_BEGIN + " " + id);
  }

  public void discardDone(long id) {
    line(DISCARD_DONE + " " + id);
  }

  public void gcBegin() {
    line(GC_BEGIN);
  }

  public void gcDone(int deleted) {
    line(GC_DONE + " " + deleted);
  }

  /** The workload reached its op limit and waits to be killed. */
  public void idle() {
    line(IDLE);
  }

  private void line(String s) {
    try {
      out.write((s + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot report progress '" + s + "'", e);
    }
  }
}
