package io.sediment.stream;

/**
 * A value per key (and namespace) that inputs are folded into with the descriptor's reduce
 * function. {@link #add} is a merge: it does not read; the store folds on read and in compaction.
 * Inside a record only, on the task thread ({@link IllegalStateException} otherwise).
 *
 * @param <T> the value type
 */
public interface ReducingState<T> {

  /** The folded value, or null when nothing was added (or it expired). */
  StateFuture<T> get();

  /** Folds {@code value} in; null is refused with {@link IllegalArgumentException}. */
  StateFuture<Void> add(T value);

  /** Removes the value. */
  StateFuture<Void> clear();
}
