package io.sediment.stream;

import java.util.List;

/**
 * A list per key (and namespace), stored as one value. {@link #add} and {@link #addAll} are merges:
 * they append without reading. Inside a record only, on the task thread ({@link
 * IllegalStateException} otherwise). Elements must not be null ({@link IllegalArgumentException}).
 *
 * @param <T> the element type
 */
public interface ListState<T> {

  /** The elements, oldest first; empty when there are none. */
  StateFuture<List<T>> get();

  /** Appends {@code value}. */
  StateFuture<Void> add(T value);

  /** Appends every element of {@code values}, in order; nothing when it is empty. */
  StateFuture<Void> addAll(List<T> values);

  /** Replaces the list by {@code values}; an empty list clears it. */
  StateFuture<Void> update(List<T> values);

  /** Removes the list. */
  StateFuture<Void> clear();
}
