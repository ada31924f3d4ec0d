package io.sediment.jmh;

import java.util.SplittableRandom;

/**
 * The sizes of one stream benchmark run, the same for every configuration.
 *
 * @param keys distinct keys; every one has state before the trial starts
 * @param zipfian keys drawn scrambled-zipfian (theta 0.99) if true, else uniformly
 * @param memtableBytes the store's memtable budget
 * @param cachePercent each tier's budget (block cache; file cache on remote stores) in percent of
 *     the state's SST bytes, except in the cached configurations
 * @param warmRecords records run asynchronously before every trial to warm the tiers (so the slow
 *     synchronous remote trial starts from caches as warm as the others')
 * @param warmSeconds seconds of the trial's own mode run before the clock starts
 * @param seconds seconds measured (records are submitted for this long, then drained: the drain
 *     counts)
 */
record StreamParams(
    long keys,
    boolean zipfian,
    long memtableBytes,
    int cachePercent,
    long warmRecords,
    double warmSeconds,
    double seconds) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the value out of range
   */
  StreamParams {
    if (keys < 2) {
      throw new IllegalArgumentException("keys must be at least 2: " + keys);
    }
    if (memtableBytes < 64 << 10) {
      throw new IllegalArgumentException("memtableBytes must be at least 64 KiB: " + memtableBytes);
    }
    if (cachePercent < 1 || cachePercent > 100) {
      throw new IllegalArgumentException("cachePercent must be in 1..100: " + cachePercent);
    }
    if (warmRecords < 0) {
      throw new IllegalArgumentException("warmRecords must not be negative: " + warmRecords);
    }
    if (!(warmSeconds >= 0)) {
      throw new IllegalArgumentException("warmSeconds must not be negative: " + warmSeconds);
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds must be positive: " + seconds);
    }
  }

  /** The key distribution's name, for reports. */
  String distribution() {
    return zipfian ? "scrambled zipfian (theta 0.99)" : "uniform";
  }

  /** A key source of this run's distribution drawing from {@code random}. */
  KeyDraw keyDraw(SplittableRandom random) {
    if (zipfian) {
      Zipfian z = new Zipfian(keys, 0.99);
      return () -> z.next(random);
    }
    return () -> random.nextLong(keys);
  }

  /** The next key of a run. */
  interface KeyDraw {
    long next();
  }
}
