package io.sediment.lsm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far one compaction run has got, and a way to stop it: the run counts the entries it has
 * written and the bytes of the outputs it has finished, and checks {@link #cancelled()} between
 * entries. Whoever watches a run elsewhere (a remote worker's status endpoint) tells a slow job,
 * whose counts keep growing, from a hung one, whose counts stand still.
 *
 * <p>Thread-safe: the run updates it, any thread reads it or cancels.
 */
public final class CompactionProgress {

  private final AtomicLong entries = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong outputs = new AtomicLong();
  private final AtomicLong inputsSkipped = new AtomicLong();
  private final AtomicLong bytesSkipped = new AtomicLong();
  private final AtomicLong reused = new AtomicLong();
  private volatile boolean cancelled;

  /** Entries written to outputs so far. */
  public long entries() {
    return entries.get();
  }

  /** Bytes of the finished outputs so far. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /** Outputs finished so far. */
  public long outputs() {
    return outputs.get();
  }

  /**
   * Inputs dropped without being read: newer range tombstones of the job covered each one wholly
   * (or its clip kept nothing of it). See {@code docs/compaction.md}.
   */
  public long inputsSkipped() {
    return inputsSkipped.get();
  }

  /** Bytes of the files of {@link #inputsSkipped()} (whole files, also for clipped references). */
  public long bytesSkipped() {
    return bytesSkipped.get();
  }

  /** Outputs taken over from an earlier attempt of the job instead of being written again. */
  public long reusedOutputs() {
    return reused.get();
  }

  /** Counts {@code n} more outputs taken over from an earlier attempt. */
  public void addReused(long n) {
    reused.addAndGet(n);
  }

  /** Asks the run to stop at its next entry; it then deletes its outputs and fails. */
  public void cancel() {
    cancelled = true;
  }

  /** Whether {@link #cancel()} was called. */
  public boolean cancelled() {
    return cancelled;
  }

  /** Counts {@code n} more entries written. */
  public void addEntries(long n) {
    entries.addAndGet(n);
  }

  /** Counts one more input of {@code bytes} bytes dropped without being read. */
  public void addSkipped(long bytes) {
    inputsSkipped.incrementAndGet();
    bytesSkipped.addAndGet(bytes);
  }

  /** Counts one more finished output of {@code bytes} bytes. */
  public void addOutput(long bytes) {
    outputs.incrementAndGet();
    bytesWritten.addAndGet(bytes);
  }
}
