package io.sediment.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded values: short values that name the op that wrote them ({@code v17.x3}: op 17), so a wrong
 * version in a read is easy to trace to its write; some empty values; and occasionally large values
 * (larger than a data block) made of a short random pattern repeated, which {@link ByteText} writes
 * compactly as {@code 'pattern'*N}. With {@link GeneratorConfig#withCounterValues()}, four values
 * in five are 8-byte little-endian counters instead (see there). Not thread-safe.
 */
public final class ValueGenerator {

  private final SplittableRandom random;
  private final GeneratorConfig config;

  public ValueGenerator(SplittableRandom random, GeneratorConfig config) {
    this.random = random;
    this.config = config;
  }

  /** A value for the write at op index {@code opIndex}. */
  public byte[] next(int opIndex) {
    if (config.counterValues() && random.nextInt(5) != 0) {
      return counter();
    }
    double r = random.nextDouble();
    if (r < config.emptyValueRate()) {
      return new byte[0];
    }
    if (r < config.emptyValueRate() + config.largeValueRate()) {
      return large();
    }
    StringBuilder sb = new StringBuilder("v").append(opIndex);
    if (random.nextBoolean()) {
      sb.append('.');
      int extra = 1 + random.nextInt(6);
      for (int i = 0; i < extra; i++) {
        sb.append((char) ('a' + random.nextInt(26)));
      }
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** An 8-byte little-endian counter: small, or near the wrap-around at 2^64. */
  private byte[] counter() {
    long v = random.nextInt(4) == 0 ? -1 - random.nextInt(1000) : random.nextInt(1000);
    byte[] b = new byte[Long.BYTES];
    for (int i = 0; i < Long.BYTES; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  private byte[] large() {
    byte[] pattern = new byte[1 + random.nextInt(16)];
    random.nextBytes(pattern);
    int span = config.largeValueMax() - config.largeValueMin();
    int target = config.largeValueMin() + (span == 0 ? 0 : random.nextInt(span + 1));
    int reps = Math.max(2, target / pattern.length);
    byte[] v = new byte[reps * pattern.length];
    for (int i = 0; i < reps; i++) {
      System.arraycopy(pattern, 0, v, i * pattern.length, pattern.length);
    }
    return v;
  }
}
