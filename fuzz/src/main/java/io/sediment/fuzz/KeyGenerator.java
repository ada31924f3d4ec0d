package io.sediment.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded keys shaped to find bugs in sorted stores: most keys repeat earlier ones (so writes
 * overwrite, delete and merge the same keys across memtables and files), some are an earlier key
 * plus {@code \x00} (its immediate successor in byte order) or with its last byte plus one (its
 * neighbour of the same length), some share a prefix with an earlier key, and fresh keys come from
 * a small alphabet that includes {@code \x00}, {@code \x7f}, {@code \x80} and {@code \xff}
 * (unsigned order traps). Rarely, the empty key.
 *
 * <p>Deterministic: the same seed and call sequence give the same keys. Not thread-safe.
 */
public final class KeyGenerator {

  private static final byte[] ALPHABET =
      "abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] SPECIAL = {0x00, 0x7f, (byte) 0x80, (byte) 0xff};
  private static final int MAX_POOL = 4096;

  private final SplittableRandom random;
  private final GeneratorConfig config;
  private final List<byte[]> pool = new ArrayList<>();

  public KeyGenerator(SplittableRandom random, GeneratorConfig config) {
    this.random = random;
    this.config = config;
  }

  /** A key: an earlier one, a neighbour of one, a prefix-sharing one, a fresh one or empty. */
  public byte[] next() {
    double r = random.nextDouble();
    if (r < config.emptyKeyRate()) {
      return new byte[0];
    }
    if (pool.isEmpty()) {
      return remember(fresh());
    }
    r = random.nextDouble();
    byte[] earlier = pool.get(random.nextInt(pool.size()));
    if (r < 0.5) {
      return earlier;
    }
    if (r < 0.6) {
      byte[] k = Arrays.copyOf(earlier, earlier.length + 1); // immediate successor
      return remember(k);
    }
    if (r < 0.65 && earlier.length > 0 && earlier[earlier.length - 1] != (byte) 0xff) {
      byte[] k = earlier.clone(); // the next key of the same length: last byte plus one
      k[k.length - 1]++;
      return remember(k);
    }
    if (r < 0.75 && earlier.length > 0) {
      int keep = 1 + random.nextInt(earlier.length);
      byte[] suffix = fresh();
      byte[] k = Arrays.copyOf(earlier, keep + suffix.length);
      System.arraycopy(suffix, 0, k, keep, suffix.length);
      return remember(k);
    }
    return remember(fresh());
  }

  /**
   * A key after {@code begin} in byte order, for a range end: an earlier key when one sorts after,
   * else {@code begin} extended.
   */
  public byte[] after(byte[] begin) {
    for (int tries = 0; tries < 4 && !pool.isEmpty(); tries++) {
      byte[] k = pool.get(random.nextInt(pool.size()));
      if (Arrays.compareUnsigned(k, begin) > 0) {
        return k;
      }
    }
    byte[] k = Arrays.copyOf(begin, begin.length + 1);
    k[begin.length] = ALPHABET[random.nextInt(ALPHABET.length)];
    return k;
  }

  /** Two keys in order: {@code [0] <= [1]}. */
  public byte[][] orderedPair() {
    byte[] a = next();
    byte[] b = next();
    return Arrays.compareUnsigned(a, b) <= 0 ? new byte[][] {a, b} : new byte[][] {b, a};
  }

  private byte[] fresh() {
    int len = 1 + random.nextInt(config.maxKeyLength());
    byte[] k = new byte[len];
    for (int i = 0; i < len; i++) {
      k[i] =
          random.nextInt(16) == 0
              ? SPECIAL[random.nextInt(SPECIAL.length)]
              : ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return k;
  }

  private byte[] remember(byte[] k) {
    if (pool.size() < MAX_POOL) {
      pool.add(k);
    } else {
      pool.set(random.nextInt(MAX_POOL), k);
    }
    return k;
  }
}
