package io.sediment.stream;

import java.util.function.Consumer;

/**
 * Entries of a map state, loaded lazily: the first chunk comes with the future that returned the
 * iterator, each further chunk is one more state request (of {@link
 * ExecutionSettings#iteratorChunkSize()} entries) issued when the previous chunk is consumed. Each
 * chunk reads the state as it is when the chunk loads, in the order of the stored keys (not the
 * user keys' own order). Used on the task thread only, once.
 *
 * @param <T> the element type
 */
public interface StateIterator<T> {

  /** Whether there is no element at all. */
  boolean isEmpty();

  /**
   * Runs {@code action} on every element, loading chunks as needed.
   *
   * @return a future completing after the last element
   * @throws IllegalStateException if the iterator was already consumed
   */
  StateFuture<Void> onNext(Consumer<? super T> action);
}
