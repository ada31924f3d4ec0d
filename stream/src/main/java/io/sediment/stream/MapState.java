package io.sediment.stream;

import java.util.Map;

/**
 * A map per key (and namespace), one stored entry per user key, so that a point access reads one
 * entry and an iteration reads entries in chunks. Inside a record only, on the task thread ({@link
 * IllegalStateException} otherwise). User keys must not be null ({@link IllegalArgumentException});
 * values may be.
 *
 * @param <K> the user key type
 * @param <V> the user value type
 */
public interface MapState<K, V> {

  /** The value of {@code key}, or null when absent (or expired). */
  StateFuture<V> get(K key);

  /** Sets {@code key} to {@code value}. */
  StateFuture<Void> put(K key, V value);

  /** Sets every entry of {@code entries}. */
  StateFuture<Void> putAll(Map<K, V> entries);

  /** Removes {@code key}. */
  StateFuture<Void> remove(K key);

  /** Whether {@code key} has an entry (a live one, with TTL). */
  StateFuture<Boolean> contains(K key);

  /** The entries, loaded lazily. */
  StateFuture<StateIterator<Map.Entry<K, V>>> entries();

  /** The user keys, loaded lazily. */
  StateFuture<StateIterator<K>> keys();

  /** The values, loaded lazily. */
  StateFuture<StateIterator<V>> values();

  /** Whether the map has no (live) entry. */
  StateFuture<Boolean> isEmpty();

  /** Removes every entry. */
  StateFuture<Void> clear();
}
