package io.sediment.fuzz;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The keys of a log: those of a {@link KeyGenerator} as they are for a plain log, or, for a keyed
 * one, each prefixed with a key group of the store's current range ({@link KeyGroupRules}). The key
 * group of a key is {@code KeyGroups.assign(hash, maxParallelism)} when that lies in the range,
 * else a group of the range chosen by the hash; at the invalid-range rate, a key group outside the
 * range (a write the store must refuse). Range ends lie in the range or are its exclusive end.
 *
 * <p>Deterministic: the same seeds and call sequence give the same keys. Not thread-safe.
 */
final class KeyedKeys {

  private final KeyGenerator raw;
  private final SplittableRandom random;
  private final GeneratorConfig config;
  private KeyGroupRules rules;

  /**
   * @param rules the store's key groups at the start, or null for a plain log
   */
  KeyedKeys(
      KeyGenerator raw, KeyGroupRules rules, SplittableRandom random, GeneratorConfig config) {
    this.raw = raw;
    this.rules = rules;
    this.random = random;
    this.config = config;
  }

  /** The store's current key groups; null for a plain log. */
  KeyGroupRules rules() {
    return rules;
  }

  /** The current key-group range; null for a plain log. */
  KeyGroupRange range() {
    return rules == null ? null : rules.range();
  }

  /** The store now declares {@code newRules} (a rescale or restore); null: a plain store. */
  void setRules(KeyGroupRules newRules) {
    this.rules = newRules;
  }

  /** The next key (see {@link KeyGenerator#next()}), prefixed for a keyed log. */
  byte[] next() {
    byte[] k = raw.next();
    return rules == null ? k : prefixed(k);
  }

  /** A key after {@code begin} for a range end: in the range or its end, for a keyed log. */
  byte[] after(byte[] begin) {
    if (rules == null) {
      return raw.after(begin);
    }
    if (random.nextInt(4) == 0 && Arrays.compareUnsigned(rules.upperBound(), begin) > 0) {
      return rules.upperBound(); // to the end of the range
    }
    for (int tries = 0; tries < 4; tries++) {
      byte[] k = next();
      if (Arrays.compareUnsigned(k, begin) > 0 && rules.accepts(k)) {
        return k;
      }
    }
    byte[] k = Arrays.copyOf(begin, begin.length + 1);
    k[begin.length] = 'a';
    return k;
  }

  /** Two keys in order: {@code [0] <= [1]}. */
  byte[][] orderedPair() {
    byte[] a = next();
    byte[] b = next();
    return Arrays.compareUnsigned(a, b) <= 0 ? new byte[][] {a, b} : new byte[][] {b, a};
  }

  private byte[] prefixed(byte[] user) {
    KeyGroupRange range = rules.range();
    int hash = Arrays.hashCode(user);
    int group = KeyGroups.assign(hash, rules.maxParallelism());
    if (random.nextDouble() < config.invalidRangeRate() && range.size() < rules.maxParallelism()) {
      group = range.start() > 0 ? range.start() - 1 : range.end() + 1; // outside: refused
    } else if (!range.contains(group)) {
      group = range.start() + Math.floorMod(hash, range.size());
    }
    return rules.prefix().prepend(group, user);
  }
}
