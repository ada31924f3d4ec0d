package io.sediment.cache.disk;

import java.util.List;

/**
 * TinyLFU admission: a candidate that would push entries out is admitted only if it has been
 * accessed more often, recently, than every one of them.
 *
 * <p>An LRU alone admits everything, so one scan over cold files flushes the whole cache. With this
 * filter in front, a segment read once while the cache is full is served from remote and not
 * copied; if it is read again soon, its count rises above the cold tail's and it gets in. Ties go
 * to the resident entries, which are already paid for. While there is free room nothing is
 * compared.
 *
 * <p>Not thread-safe: used under the {@link CacheIndex} lock.
 */
final class TinyLfuAdmission {

  private final FrequencySketch sketch;

  TinyLfuAdmission(FrequencySketch sketch) {
    this.sketch = sketch;
  }

  /** Records one access to {@code key}, hit or miss. */
  void recordAccess(SegmentKey key) {
    sketch.increment(key);
  }

  /** Whether {@code candidate} may displace all of {@code victims}. */
  boolean admit(SegmentKey candidate, List<CacheEntry> victims) {
    int candidateFrequency = sketch.frequency(candidate);
    for (CacheEntry victim : victims) {
      if (sketch.frequency(victim.key()) >= candidateFrequency) {
        return false;
      }
    }
    return true;
  }
}
