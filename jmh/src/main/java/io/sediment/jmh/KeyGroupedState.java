package io.sediment.jmh;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.workloads.KeyValueGenerator;

/**
 * The keys and values of a rescale benchmark's state: {@code keysPerGroup} keys in each of the
 * {@value RescaleShape#MAX_PARALLELISM} key groups, numbered 0 to {@code 128 * keysPerGroup - 1} in
 * key order. Key {@code i} belongs to key group {@code i / keysPerGroup}; it is the generator's key
 * of {@code i} (that many bytes, {@code i} big-endian in its first 8) shifted right by the one-byte
 * key-group prefix, which takes the key's first byte: a 16-byte shape gives 16-byte keys, prefix
 * included. Value {@code i} is the generator's value of {@code i}. Immutable.
 */
final class KeyGroupedState {

  private static final KeyGroupPrefix PREFIX =
      KeyGroupPrefix.forMaxParallelism(RescaleShape.MAX_PARALLELISM);

  final KeyValueGenerator keyValues;
  final long keysPerGroup;

  /**
   * @throws IllegalArgumentException naming the value if keysPerGroup is not positive or the key
   *     shape has no room for the prefix before the 8-byte index
   */
  KeyGroupedState(KeyValueGenerator keyValues, long keysPerGroup) {
    if (keysPerGroup <= 0) {
      throw new IllegalArgumentException("keysPerGroup must be positive: " + keysPerGroup);
    }
    if (keyValues.keyBytes() < Long.BYTES + PREFIX.prefixBytes()) {
      throw new IllegalArgumentException(
          "keys of "
              + keyValues.keyBytes()
              + " bytes leave no room for the key-group prefix and an 8-byte index");
    }
    this.keyValues = keyValues;
    this.keysPerGroup = keysPerGroup;
  }

  /** First key index of {@code range}. */
  long firstIndex(KeyGroupRange range) {
    return range.start() * keysPerGroup;
  }

  /** One past the last key index of {@code range}. */
  long endIndex(KeyGroupRange range) {
    return (range.end() + 1L) * keysPerGroup;
  }

  /** Key {@code index}: its key-group prefix, then the index big-endian, zero-padded. */
  byte[] key(long index) {
    int group = (int) (index / keysPerGroup);
    byte[] key = new byte[keyValues.keyBytes()];
    int at = PREFIX.write(group, key, 0);
    for (int i = at + Long.BYTES - 1; i >= at; i--) {
      key[i] = (byte) index;
      index >>>= 8;
    }
    return key;
  }

  byte[] value(long index) {
    return keyValues.value(index);
  }

  /** Inclusive lower bound of the keys of {@code range}. */
  static byte[] lowerBound(KeyGroupRange range) {
    return PREFIX.lowerBound(range);
  }

  /** Exclusive upper bound of the keys of {@code range} (representable for the last group too). */
  static byte[] upperBound(KeyGroupRange range) {
    return PREFIX.upperBound(range);
  }
}
