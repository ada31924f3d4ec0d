package io.sediment.stream;

/**
 * An aggregate per key (and namespace): inputs are added to an accumulator by the descriptor's
 * {@link io.sediment.compaction.Aggregator}, and {@link #get} gives the result of the accumulator.
 * {@link #add} is a merge: it does not read. Inside a record only, on the task thread ({@link
 * IllegalStateException} otherwise).
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public interface AggregatingState<I, O> {

  /** The result of the accumulator, or null when nothing was added (or it expired). */
  StateFuture<O> get();

  /** Adds {@code input}; null is refused with {@link IllegalArgumentException}. */
  StateFuture<Void> add(I input);

  /** Removes the accumulator. */
  StateFuture<Void> clear();
}
