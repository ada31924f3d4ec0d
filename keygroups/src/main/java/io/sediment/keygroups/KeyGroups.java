package io.sediment.keygroups;

/**
 * Key-group arithmetic, bit-for-bit compatible with Apache Flink's {@code KeyGroupRangeAssignment}.
 *
 * <p>A key belongs to exactly one of {@code maxParallelism} key groups, chosen from the key's
 * {@code hashCode()} alone: {@link #assign(int, int)}. Key groups are split into {@code
 * parallelism} contiguous {@link KeyGroupRange}s, one per operator instance: {@link
 * #rangeForOperator(int, int, int)}, and {@link #operatorIndexForKeyGroup(int, int, int)} is its
 * inverse. Because Sediment computes the same numbers as Flink, state written by Sediment can be
 * split and merged along the same boundaries a Flink job uses, and vice versa.
 *
 * <p>All methods are pure and thread-safe. Every argument is validated; a bad one raises {@link
 * IllegalArgumentException} whose message names the offending value. The bounds are Flink's:
 *
 * <ul>
 *   <li>{@code maxParallelism} in {@code [1, }{@value #MAX_MAX_PARALLELISM}{@code ]};
 *   <li>{@code parallelism} in {@code [1, maxParallelism]};
 *   <li>{@code operatorIndex} in {@code [0, parallelism)};
 *   <li>{@code keyGroup} in {@code [0, maxParallelism)}.
 * </ul>
 */
public final class KeyGroups {

  /** Largest supported maximum parallelism (Flink's upper bound, {@code 2^15}). */
  public static final int MAX_MAX_PARALLELISM = 1 << 15;

  /** Smallest value {@link #defaultMaxParallelism(int)} returns (Flink's lower bound). */
  public static final int MIN_DEFAULT_MAX_PARALLELISM = 128;

  /** Largest maximum parallelism whose key groups fit a one-byte key prefix. */
  public static final int MAX_ONE_BYTE_PREFIX_PARALLELISM = 128;

  private KeyGroups() {}

  /**
   * The key group of a key, given the key's {@code hashCode()}: Flink's murmur finalizer of the
   * hash (see {@link #murmurHash(int)}), modulo {@code maxParallelism}.
   *
   * @param keyHashCode the key's {@link Object#hashCode()}, exactly as the stream processor
   *     computes it (for a Flink job, the hash code of the key object its key selector returns)
   * @return a key group in {@code [0, maxParallelism)}
   * @throws IllegalArgumentException if maxParallelism is outside {@code [1, 32768]}
   */
  public static int assign(int keyHashCode, int maxParallelism) {
    checkMaxParallelism(maxParallelism);
    return murmurHash(keyHashCode) % maxParallelism;
  }

  /**
   * The operator instance that owns a key: {@code operatorIndexForKeyGroup(maxParallelism,
   * parallelism, assign(keyHashCode, maxParallelism))}.
   *
   * @throws IllegalArgumentException for a bad maxParallelism or parallelism
   */
  public static int assignToOperator(int keyHashCode, int maxParallelism, int parallelism) {
    checkParallelism(maxParallelism, parallelism);
    return operatorIndexForKeyGroup(
        maxParallelism, parallelism, assign(keyHashCode, maxParallelism));
  }

  /**
   * The contiguous range of key groups owned by operator instance {@code operatorIndex} when {@code
   * maxParallelism} key groups are spread over {@code parallelism} instances. The ranges of all
   * indexes are disjoint, ascending with the index, and together cover {@code [0, maxParallelism)};
   * their sizes differ by at most one.
   *
   * <p>Flink's formula: {@code start = ceil(operatorIndex * maxParallelism / parallelism)}, {@code
   * end = floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism)}, inclusive.
   *
   * @throws IllegalArgumentException for a bad maxParallelism, parallelism or operatorIndex
   */
  public static KeyGroupRange rangeForOperator(
      int maxParallelism, int parallelism, int operatorIndex) {
    checkParallelism(maxParallelism, parallelism);
    if (operatorIndex < 0 || operatorIndex >= parallelism) {
      throw new IllegalArgumentException(
          "operatorIndex "
              + operatorIndex
              + " outside [0, "
              + parallelism
              + ") for parallelism "
              + parallelism);
    }
    // Long arithmetic: the products stay below 2^30 within the bounds, but long makes that
    // independent of the bounds.
    long start = ((long) operatorIndex * maxParallelism + parallelism - 1) / parallelism;
    long end = ((long) (operatorIndex + 1) * maxParallelism - 1) / parallelism;
    return KeyGroupRange.of((int) start, (int) end);
  }

  /**
   * The operator instance whose {@link #rangeForOperator range} contains {@code keyGroup}: Flink's
   * {@code keyGroup * parallelism / maxParallelism}.
   *
   * @throws IllegalArgumentException for a bad maxParallelism, parallelism or keyGroup
   */
  public static int operatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
    checkParallelism(maxParallelism, parallelism);
    checkKeyGroup(keyGroup, maxParallelism);
    return (int) ((long) keyGroup * parallelism / maxParallelism);
  }

  /**
   * Flink's default maximum parallelism for an operator of the given parallelism: {@code
   * parallelism + parallelism / 2} rounded up to a power of two, then clamped to {@code [128,
   * 32768]}.
   *
   * @throws IllegalArgumentException if parallelism is outside {@code [1, 32768]}
   */
  public static int defaultMaxParallelism(int parallelism) {
    if (parallelism < 1 || parallelism > MAX_MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "parallelism " + parallelism + " outside [1, " + MAX_MAX_PARALLELISM + "]");
    }
    int scaled = parallelism + parallelism / 2;
    int powerOfTwo = scaled <= 1 ? 1 : Integer.highestOneBit(scaled - 1) << 1;
    return Math.min(Math.max(powerOfTwo, MIN_DEFAULT_MAX_PARALLELISM), MAX_MAX_PARALLELISM);
  }

  /**
   * Bytes of the key-group prefix that {@link KeyGroupPrefix} writes in front of keys: 1 when
   * {@code maxParallelism <= 128}, else 2.
   *
   * @throws IllegalArgumentException if maxParallelism is outside {@code [1, 32768]}
   */
  public static int prefixBytes(int maxParallelism) {
    checkMaxParallelism(maxParallelism);
    return maxParallelism <= MAX_ONE_BYTE_PREFIX_PARALLELISM ? 1 : 2;
  }

  /**
   * Flink's {@code MathUtils.murmurHash(int)}: the MurmurHash3 (x86, 32-bit, seed 0) hash of the
   * four bytes of {@code code}, made non-negative (a negative hash is negated, and {@link
   * Integer#MIN_VALUE} becomes 0). It spreads hash codes that differ only in high or low bits
   * (small integers, similar strings) over all key groups.
   *
   * @return a value in {@code [0, Integer.MAX_VALUE]}
   */
  public static int murmurHash(int code) {
    // One 4-byte block of MurmurHash3_x86_32 with seed 0.
    int k = code * 0xcc9e2d51;
    k = Integer.rotateLeft(k, 15);
    k *= 0x1b873593;
    int h = Integer.rotateLeft(k, 13);
    h = h * 5 + 0xe6546b64;
    // Finalization: mix in the length (4 bytes), then avalanche.
    h ^= 4;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    if (h >= 0) {
      return h;
    }
    return h == Integer.MIN_VALUE ? 0 : -h;
  }

  /**
   * @throws IllegalArgumentException if maxParallelism is outside {@code [1, 32768]}
   */
  public static void checkMaxParallelism(int maxParallelism) {
    if (maxParallelism < 1 || maxParallelism > MAX_MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "maxParallelism " + maxParallelism + " outside [1, " + MAX_MAX_PARALLELISM + "]");
    }
  }

  /**
   * @throws IllegalArgumentException if keyGroup is outside {@code [0, maxParallelism)} or
   *     maxParallelism is bad
   */
  public static void checkKeyGroup(int keyGroup, int maxParallelism) {
    checkMaxParallelism(maxParallelism);
    if (keyGroup < 0 || keyGroup >= maxParallelism) {
      throw new IllegalArgumentException(
          "key group "
              + keyGroup
              + " outside [0, "
              + maxParallelism
              + ") for maxParallelism "
              + maxParallelism);
    }
  }

  private static void checkParallelism(int maxParallelism, int parallelism) {
    checkMaxParallelism(maxParallelism);
    if (parallelism < 1 || parallelism > maxParallelism) {
      throw new IllegalArgumentException(
          "parallelism "
              + parallelism
              + " outside [1, "
              + maxParallelism
              + "] for maxParallelism "
              + maxParallelism);
    }
  }
}
