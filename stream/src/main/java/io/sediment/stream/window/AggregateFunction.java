package io.sediment.stream.window;

import io.sediment.compaction.Aggregator;

/**
 * An incremental aggregation of a window (Flink's {@code AggregateFunction}): elements are added to
 * an accumulator, accumulators merge (session windows, and the store's merges), and {@link #result}
 * gives a window's result when it fires. The accumulator is what the store keeps, serialized: an
 * element is added as a merge operand, without reading the window's state. The {@link Aggregator}
 * contract holds (deterministic, associative {@code merge} with {@code createAccumulator()} as its
 * identity, thread-safe).
 *
 * @param <I> the element type
 * @param <A> the accumulator type
 * @param <O> the result type
 */
public interface AggregateFunction<I, A, O> extends Aggregator<I, A> {

  /** The result of a window whose accumulator is {@code accumulator}. */
  O result(A accumulator);
}
