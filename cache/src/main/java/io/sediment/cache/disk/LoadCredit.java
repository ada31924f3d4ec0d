package io.sediment.cache.disk;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the cache may spend on loads that evict: a load pays with bytes of credit, and the cache
 * earns credit by what it serves (every byte read from a local copy) and, a little, by what it
 * misses (one byte per {@value #MISS_BYTES_PER_CREDIT} read from remote, so a new working set can
 * move in while the old one no longer hits). Credit never exceeds the capacity, which it starts at.
 *
 * <p>Why: when every unit is about as hot as every other (keys scattered over the files, a cache a
 * tenth of the data), no admission policy lifts the hit rate above the cache's share of the data,
 * and frequency counts that differ only by noise let almost every miss evict a unit and copy a new
 * one: a 1 MiB copy, checksummed and written, to serve a 4 KiB read. Measured on a Zipfian batch
 * read benchmark, that churn copied 12 GiB in half a minute and took most of the CPU. Tying loads
 * to hits keeps the copying within what the copies give back; where units are really hot, each copy
 * serves many hits and the credit never runs short.
 *
 * <p>Thread-safe: earning is lock-free, spending happens under the {@link CacheIndex} lock.
 */
final class LoadCredit {

  /** Bytes read from remote per byte of credit a miss earns. */
  static final int MISS_BYTES_PER_CREDIT = 16;

  private final long capacity;
  private final AtomicLong credit;

  LoadCredit(long capacity) {
    this.capacity = capacity;
    this.credit = new AtomicLong(capacity);
  }

  /** Credit for {@code bytes} served from a local copy. */
  void earnByHit(long bytes) {
    earn(bytes);
  }

  /** Credit for {@code bytes} read from remote because no local copy held them. */
  void earnByMiss(long bytes) {
    earn(bytes / MISS_BYTES_PER_CREDIT);
  }

  private void earn(long bytes) {
    if (bytes > 0 && credit.get() < capacity) {
      credit.accumulateAndGet(bytes, (c, b) -> Math.min(capacity, c + b));
    }
  }

  /** Spends {@code bytes} if there is that much credit; false (spending nothing) otherwise. */
  boolean trySpend(long bytes) {
    for (long c = credit.get(); c >= bytes; c = credit.get()) {
      if (credit.compareAndSet(c, c - bytes)) {
        return true;
      }
    }
    return false;
  }

  /** The credit now (for tests). */
  long available() {
    return credit.get();
  }
}
