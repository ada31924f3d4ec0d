package io.sediment.lsm.internal.keygroup;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.WriteBatch;
import io.sediment.lsm.internal.Bytes;
import java.util.Arrays;
import java.util.Objects;

/**
 * A store's declaration that every key starts with the key-group prefix for {@code maxParallelism}
 * and belongs to a key group of {@code range}; the checks its writes go through.
 *
 * <p>Because the prefix is big-endian, the keys of the range are exactly the user keys in {@code
 * [lowerBound(), upperBound())}. Accepted writes:
 *
 * <ul>
 *   <li>a point key (put, delete, merge) at least as long as the prefix whose key group lies in the
 *       range;
 *   <li>a range deletion {@code [begin, end)} whose begin is such a key and whose end is at most
 *       {@link #upperBound()}: the end may be a key of the range or the range's exclusive bound
 *       {@code prefix(range.end() + 1)} itself (which is how "to the end of the range" is written,
 *       also for the last key group), so a range deletion never covers a key outside the range.
 * </ul>
 *
 * @param range the declared key groups, not empty
 * @param maxParallelism sizes the prefix (1 byte up to 128, 2 bytes beyond)
 */
public record KeyGroupDeclaration(KeyGroupRange range, int maxParallelism) {

  /**
   * @throws IllegalArgumentException if the range is null or empty, maxParallelism is outside
   *     {@code [1, 32768]}, or the range reaches past key group {@code maxParallelism - 1}
   */
  public KeyGroupDeclaration {
    if (range == null || range.isEmpty()) {
      throw new IllegalArgumentException("key-group range must not be null or empty: " + range);
    }
    KeyGroups.checkMaxParallelism(maxParallelism);
    if (range.end() >= maxParallelism) {
      throw new IllegalArgumentException(
          range + " reaches past the last key group of maxParallelism " + maxParallelism);
    }
  }

  /** The declaration of {@code options}, or null when they declare no key groups. */
  public static KeyGroupDeclaration of(DbOptions options) {
    return options.keyGroups() == null
        ? null
        : new KeyGroupDeclaration(options.keyGroups(), options.maxParallelism());
  }

  /**
   * The declaration a store reopens with: the one {@code options} make, which must equal the
   * recorded one, or the recorded one when {@code options} make none.
   *
   * @param recorded what the store's manifest records (null: none)
   * @param declared what the options declare (null: none)
   * @throws IllegalArgumentException naming the store and both declarations if they differ (a store
   *     recorded without key groups cannot be reopened with some: its keys were never checked)
   */
  public static KeyGroupDeclaration reconcile(
      String store, KeyGroupDeclaration recorded, KeyGroupDeclaration declared) {
    if (declared == null || declared.equals(recorded)) {
      return recorded;
    }
    throw new IllegalArgumentException(
        "store "
            + store
            + " was written with "
            + (recorded == null ? "no key groups" : recorded.toString())
            + " but is opened with "
            + declared
            + "; open it with the recorded declaration or none");
  }

  /** The prefix codec. */
  public KeyGroupPrefix prefix() {
    return KeyGroupPrefix.forMaxParallelism(maxParallelism);
  }

  /** Inclusive lower bound of the range's keys: {@code prefix(range.start())}. */
  public byte[] lowerBound() {
    return prefix().lowerBound(range);
  }

  /** Exclusive upper bound of the range's keys: {@code prefix(range.end() + 1)}. */
  public byte[] upperBound() {
    return prefix().upperBound(range);
  }

  /**
   * Checks the key of a put, delete or merge.
   *
   * @throws IllegalArgumentException naming the key, its key group and the range if the key is
   *     shorter than the prefix or its key group is outside the range
   */
  public void checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    KeyGroupPrefix prefix = prefix();
    if (key.length < prefix.prefixBytes()) {
      throw new IllegalArgumentException(
          "key "
              + Bytes.toDisplay(key)
              + " is shorter than the "
              + prefix.prefixBytes()
              + "-byte key-group prefix the store declares for "
              + this);
    }
    int group = rawGroup(key, prefix.prefixBytes());
    if (!range.contains(group)) {
      throw new IllegalArgumentException(
          "key "
              + Bytes.toDisplay(key)
              + " is in key group "
              + group
              + ", outside the store's "
              + this);
    }
  }

  /**
   * Checks a range deletion {@code [begin, end)} (begin before end is checked by the batch).
   *
   * @throws IllegalArgumentException naming the bound, its key group and the range if begin is not
   *     a key of the range or end is past {@link #upperBound()}
   */
  public void checkRange(byte[] begin, byte[] end) {
    checkKey(begin);
    byte[] upper = upperBound();
    if (Arrays.compareUnsigned(end, upper) > 0) {
      String group =
          end.length < prefix().prefixBytes()
              ? "a key shorter than the prefix"
              : "key group " + rawGroup(end, prefix().prefixBytes());
      throw new IllegalArgumentException(
          "range deletion end "
              + Bytes.toDisplay(end)
              + " ("
              + group
              + ") is past "
              + Bytes.toDisplay(upper)
              + ", the exclusive end of the store's "
              + this);
    }
  }

  /**
   * Checks every operation of {@code batch} before any is applied.
   *
   * @throws IllegalArgumentException as {@link #checkKey} and {@link #checkRange}, for the first
   *     operation that fails
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
            checkRange(begin, end);
          }

          @Override
          public void merge(byte[] key, byte[] operand) {
            checkKey(key);
          }
        });
  }

  /** The prefix value of a key at least {@code bytes} long, even past maxParallelism. */
  private static int rawGroup(byte[] key, int bytes) {
    int value = key[0] & 0xFF;
    return bytes == 2 ? (value << 8) | (key[1] & 0xFF) : value;
  }

  /** {@code key groups [start, end] of maxParallelism N}. */
  @Override
  public String toString() {
    return "key groups ["
        + range.start()
        + ", "
        + range.end()
        + "] of maxParallelism "
        + maxParallelism;
  }
}
