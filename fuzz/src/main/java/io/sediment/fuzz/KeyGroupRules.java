package io.sediment.fuzz;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.WriteBatch;
import java.util.Arrays;

/**
 * The model's copy of the engine's rules for a store that declares key groups ({@code
 * DbOptions.Builder#keyGroups}, docs/rescale.md): every written key starts with the key-group
 * prefix of {@code maxParallelism} and its key group lies in {@code range}; a range deletion begins
 * at such a key and ends at most at the range's exclusive bound. A batch is checked whole before
 * anything of it is applied. Also the split of a range into contiguous parts that a rescale uses.
 *
 * @param range the declared key groups, not empty
 * @param maxParallelism sizes the prefix
 */
public record KeyGroupRules(KeyGroupRange range, int maxParallelism) {

  /**
   * @throws IllegalArgumentException if the range is null, empty or past maxParallelism - 1
   */
  public KeyGroupRules {
    if (range == null || range.isEmpty() || range.end() >= maxParallelism) {
      throw new IllegalArgumentException(
          "key-group range " + range + " does not fit maxParallelism " + maxParallelism);
    }
  }

  /** All key groups of {@code maxParallelism}. */
  public static KeyGroupRules all(int maxParallelism) {
    return new KeyGroupRules(KeyGroupRange.all(maxParallelism), maxParallelism);
  }

  /** The same maxParallelism with another range. */
  public KeyGroupRules withRange(KeyGroupRange newRange) {
    return new KeyGroupRules(newRange, maxParallelism);
  }

  /** The prefix codec. */
  public KeyGroupPrefix prefix() {
    return KeyGroupPrefix.forMaxParallelism(maxParallelism);
  }

  /** Inclusive lower bound of the range's keys. */
  public byte[] lowerBound() {
    return prefix().lowerBound(range);
  }

  /** Exclusive upper bound of the range's keys. */
  public byte[] upperBound() {
    return prefix().upperBound(range);
  }

  /** Whether {@code key} is long enough and its key group lies in the range. */
  public boolean accepts(byte[] key) {
    return key.length >= prefix().prefixBytes()
        && Arrays.compareUnsigned(key, lowerBound()) >= 0
        && Arrays.compareUnsigned(key, upperBound()) < 0;
  }

  /**
   * Checks every write of {@code batch}, as the engine does before applying any of it.
   *
   * @throws IllegalArgumentException naming the first key or range end that breaks a rule
   */
  public void checkBatch(WriteBatch batch) {
    batch.forEach(
        new WriteBatch.Handler() {
          @Override
          public void put(byte[] key, byte[] value) {
            checkKey(key);
          }

          @Override
          public void delete(byte[] key) {
            checkKey(key);
          }

          @Override
          public void deleteRange(byte[] begin, byte[] end) {
            checkKey(begin);
            if (Arrays.compareUnsigned(end, upperBound()) > 0) {
              throw new IllegalArgumentException(
                  "range deletion end " + ByteText.format(end) + " is past " + range);
            }
          }

          @Override
          public void merge(byte[] key, byte[] operand) {
            checkKey(key);
          }
        });
  }

  private void checkKey(byte[] key) {
    if (!accepts(key)) {
      throw new IllegalArgumentException(
          "key " + ByteText.format(key) + " is not in " + range + " of " + maxParallelism);
    }
  }

  /**
   * Part {@code index} of {@code parts} contiguous, nearly equal parts of the range, in order.
   *
   * @throws IllegalArgumentException if parts is below 2 or above the range's size, or the index is
   *     not in {@code [0, parts)}
   */
  public KeyGroupRange part(int parts, int index) {
    if (parts < 2 || parts > range.size() || index < 0 || index >= parts) {
      throw new IllegalArgumentException(
          "cannot take part " + index + " of " + parts + " of " + range);
    }
    int start = range.start() + (int) ((long) range.size() * index / parts);
    int end = range.start() + (int) ((long) range.size() * (index + 1) / parts) - 1;
    return KeyGroupRange.of(start, end);
  }
}
