package io.sediment.lsm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A pinned point in a store's history (MVCC). Reads through a snapshot see exactly the writes with
 * a sequence number at or below {@link #sequence()}, whatever is written, flushed or compacted
 * afterwards; compaction keeps the versions a live snapshot can see.
 *
 * <p>Obtained from {@link Db#snapshot()}; close it to let compaction drop what it pins. Closing is
 * idempotent and thread-safe.
 */
public final class Snapshot implements AutoCloseable {

  private final long sequence;
  private final Consumer<Snapshot> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Used by the store that hands the snapshot out; {@code onClose} runs once, on the first close.
   */
  public Snapshot(long sequence, Consumer<Snapshot> onClose) {
    if (sequence < 0) {
      throw new IllegalArgumentException("negative snapshot sequence " + sequence);
    }
    this.sequence = sequence;
    this.onClose = onClose;
  }

  /** The highest sequence number visible through this snapshot. */
  public long sequence() {
    return sequence;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Releases the pin. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return "Snapshot@" + sequence + (closed.get() ? " (closed)" : "");
  }
}
