package io.sediment.stream.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic replayable source: split {@code s} holds {@code perSplit} events; event {@code i}
 * has key {@code s<s>-k<j>} (j from a seeded hash, so that every key lives in one split and its
 * records have one order), a value from the same hash and timestamp {@code i}. A test makes only a
 * prefix available (the job then waits, mid-stream, for a checkpoint and a cancel or failure) and
 * can make the next read fail.
 */
final class GeneratedSource implements Source<GeneratedSource.Event> {

  /** One input record. */
  record Event(String key, long value, long timestamp) {}

  private final long seed;
  private final int splits;
  private final long perSplit;
  private final int keysPerSplit;
  private final AtomicLong available;
  private final AtomicLong failNext = new AtomicLong();

  GeneratedSource(long seed, int splits, long perSplit, int keysPerSplit) {
    this.seed = seed;
    this.splits = splits;
    this.perSplit = perSplit;
    this.keysPerSplit = keysPerSplit;
    this.available = new AtomicLong(perSplit);
  }

  /** Makes each split's records up to {@code offset} (exclusive) available; the rest waits. */
  GeneratedSource availableUpTo(long offset) {
    available.set(Math.min(offset, perSplit));
    return this;
  }

  /** The next read of any split throws (once): a job failure to restore from. */
  void failNextRead() {
    failNext.set(1);
  }

  static long mix(long seed, int split, long i) {
    long z = seed * 0x9E3779B97F4A7C15L + split * 0xBF58476D1CE4E5B9L + i * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  Event event(int split, long i) {
    long h = mix(seed, split, i);
    return new Event(
        "s" + split + "-k" + Math.floorMod(h, keysPerSplit), Math.floorMod(h >> 20, 1000), i);
  }

  long seed() {
    return seed;
  }

  int splitCount() {
    return splits;
  }

  long perSplit() {
    return perSplit;
  }

  @Override
  public int splits() {
    return splits;
  }

  @Override
  public SplitReader<Event> open(int split, long offset) {
    if (split < 0 || split >= splits || offset < 0 || offset > perSplit) {
      throw new IllegalArgumentException("no split " + split + " at offset " + offset);
    }
    return new SplitReader<>() {
      private long next = offset;

      @Override
      public Event next() {
        if (failNext.compareAndSet(1, 0)) {
          throw new IllegalStateException("injected failure of split " + split + " at " + next);
        }
        if (next >= available.get()) {
          return null;
        }
        return event(split, next++);
      }

      @Override
      public boolean finished() {
        return next >= perSplit;
      }

      @Override
      public long offset() {
        return next;
      }

      @Override
      public void close() {}
    };
  }
}
