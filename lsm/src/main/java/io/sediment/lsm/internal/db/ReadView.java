package io.sediment.lsm.internal.db;

import io.sediment.lsm.internal.version.Version;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one read works on: the memtables, a pinned {@link Version} and the sequence number it reads
 * at. Closing unpins the version (idempotent), which may release files no longer live.
 */
final class ReadView implements AutoCloseable {

  final MemTables mems;
  final Version version;
  final long sequence;
  private final AtomicBoolean closed = new AtomicBoolean();

  ReadView(MemTables mems, Version version, long sequence) {
    this.mems = mems;
    this.version = version;
    this.sequence = sequence;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      version.unref();
    }
  }
}
