package io.sediment.stream.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Which keys have a record in progress, and the records waiting behind each: the per-key FIFO. A
 * key is busy from the moment a record of it starts until that record has finished (its body, its
 * state requests and their callbacks); a record of a busy key waits in the key's queue and starts
 * when every record of the key before it has finished. Task thread only.
 *
 * @param <K> the key type (equals and hashCode define "same key")
 * @param <R> what waits (a record)
 */
public final class KeyAccounting<K, R> {

  private final Map<K, ArrayDeque<R>> busy = new HashMap<>();

  /**
   * Takes {@code key} for {@code record} if it is free (true); otherwise queues the record behind
   * the key's others (false).
   */
  public boolean occupyOrQueue(K key, R record) {
    ArrayDeque<R> waiting = busy.get(key);
    if (waiting == null) {
      busy.put(key, new ArrayDeque<>(2));
      return true;
    }
    waiting.add(record);
    return false;
  }

  /**
   * Gives {@code key} up: returns the next waiting record, which now holds the key, or null when
   * none waits (the key is free).
   *
   * @throws IllegalStateException naming the key if it is not busy
   */
  public R release(K key) {
    ArrayDeque<R> waiting = busy.get(key);
    if (waiting == null) {
      throw new IllegalStateException("key " + key + " is not held");
    }
    R next = waiting.poll();
    if (next == null) {
      busy.remove(key);
    }
    return next;
  }

  /** Keys held now. */
  public int busyKeys() {
    return busy.size();
  }

  /** Whether {@code key} is held. */
  public boolean isBusy(K key) {
    return busy.containsKey(key);
  }
}
