package io.sediment.jmh;

import java.util.SplittableRandom;

/**
 * Zipfian choice of an item out of {@code items}, YCSB's generator (Gray et al., "Quickly
 * generating billion-record synthetic databases"): rank {@code r} (0 = most popular) is drawn with
 * probability proportional to {@code 1 / (r + 1)^theta}. Ranks are then scattered over the items by
 * a fixed bijection, as YCSB's scrambled zipfian does, so popular keys are spread over the whole
 * key space (and over every file and block) instead of packed at its start: that is how hot keys
 * look in a store keyed by hashed key groups, and it keeps the caches from getting locality for
 * free.
 *
 * <p>Immutable and thread-safe; randomness comes from the caller's seeded source.
 */
public final class Zipfian {

  private final long items;
  private final double theta;
  private final double zetaN;
  private final double alpha;
  private final double eta;
  private final int bits;
  private final long mask;

  /**
   * @throws IllegalArgumentException naming the value if {@code items < 2} or {@code theta} is not
   *     in (0, 1)
   */
  public Zipfian(long items, double theta) {
    if (items < 2) {
      throw new IllegalArgumentException("items must be at least 2: " + items);
    }
    if (!(theta > 0 && theta < 1)) {
      throw new IllegalArgumentException("theta must be in (0, 1): " + theta);
    }
    this.items = items;
    this.theta = theta;
    double zeta = 0;
    for (long i = 1; i <= items; i++) {
      zeta += 1 / Math.pow(i, theta);
    }
    this.zetaN = zeta;
    double zeta2 = 1 + 1 / Math.pow(2, theta);
    this.alpha = 1 / (1 - theta);
    this.eta = (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta2 / zetaN);
    this.bits = 64 - Long.numberOfLeadingZeros(items - 1);
    this.mask = bits == 64 ? -1L : (1L << bits) - 1;
  }

  /** The popularity rank of the next draw: 0 is the most popular item. */
  public long nextRank(SplittableRandom random) {
    double u = random.nextDouble();
    double uz = u * zetaN;
    if (uz < 1) {
      return 0;
    }
    if (uz < 1 + Math.pow(0.5, theta)) {
      return 1;
    }
    long rank = (long) (items * Math.pow(eta * u - eta + 1, alpha));
    return Math.min(rank, items - 1);
  }

  /** The next item, in {@code [0, items)}: a zipfian rank scattered by {@link #itemOf}. */
  public long next(SplittableRandom random) {
    return itemOf(nextRank(random));
  }

  /**
   * The item of popularity rank {@code rank}: a bijection of {@code [0, items)} (a permutation of
   * the next power of two made of xor-shifts and an odd multiplication, cycle-walked back into
   * range).
   */
  public long itemOf(long rank) {
    long x = rank;
    do {
      x = mix(x);
    } while (x >= items);
    return x;
  }

  private long mix(long x) {
    int shift = Math.max(1, bits / 2);
    x ^= x >>> shift;
    x = (x * 0x9E3779B97F4A7C15L) & mask;
    x ^= x >>> shift;
    x = (x * 0xBF58476D1CE4E5B9L) & mask;
    x ^= x >>> shift;
    return x;
  }

  public long items() {
    return items;
  }
}
