package io.sediment.stream;

/**
 * One value per key (and namespace). Every method works on the current record's key and must be
 * called on the task thread inside a record; outside one it throws {@link IllegalStateException}.
 *
 * @param <T> the value type
 */
public interface ValueState<T> {

  /** The value, or null when there is none (or it expired). */
  StateFuture<T> value();

  /** Sets the value; null clears it. */
  StateFuture<Void> update(T value);

  /** Removes the value. */
  StateFuture<Void> clear();
}
