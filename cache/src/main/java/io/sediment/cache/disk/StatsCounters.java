package io.sediment.cache.disk;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link FileCacheStats}; thread-safe, contention-free increments. */
final class StatsCounters {

  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder bytesReadLocal = new LongAdder();
  final LongAdder bytesReadRemote = new LongAdder();
  final LongAdder admissions = new LongAdder();
  final LongAdder admissionsRejected = new LongAdder();
  final LongAdder evictions = new LongAdder();
  final LongAdder corruptionsDetected = new LongAdder();
  final LongAdder fallbacks = new LongAdder();
  final LongAdder reenabled = new LongAdder();
}
