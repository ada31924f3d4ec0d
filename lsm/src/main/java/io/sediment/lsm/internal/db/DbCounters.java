package io.sediment.lsm.internal.db;

import java.util.concurrent.atomic.AtomicLong;

/** Work counters of an open store, for {@link io.sediment.lsm.DbStats}. Thread-safe. */
final class DbCounters {
  /** Written only under the write lock (see {@code WritePath.publish}). */
  final AtomicLong userBytesWritten = new AtomicLong();

  final AtomicLong bytesFlushed = new AtomicLong();
  final AtomicLong bytesCompactedRead = new AtomicLong();
  final AtomicLong bytesCompactedWritten = new AtomicLong();
  final AtomicLong flushCount = new AtomicLong();
  final AtomicLong compactionCount = new AtomicLong();
  final AtomicLong trivialMoveCount = new AtomicLong();
  final AtomicLong stallNanos = new AtomicLong();
  final AtomicLong bytesCompactedSkipped = new AtomicLong();
  final AtomicLong bytesDroppedCovered = new AtomicLong();
}
