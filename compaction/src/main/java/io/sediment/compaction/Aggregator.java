package io.sediment.compaction;

/**
 * A user aggregation the store folds during reads and compactions, in the manner of Flink's {@code
 * AggregateFunction}: inputs are added to an accumulator, accumulators merge, and the accumulator
 * is what the store keeps, serialized, as the value. Adapted to a merge function by {@link
 * MergeFunctions#aggregating}.
 *
 * <p>Contract for implementations (the store relies on it, and may run it in another process):
 * deterministic; {@link #merge} associative, with {@link #createAccumulator()} as its identity;
 * {@code deserialize(serialize(a))} equal to {@code a}; thread-safe; accumulators handed in are not
 * kept after the call returns. An exception thrown here propagates to the read that needed the
 * value, or fails the compaction, which leaves its inputs in place.
 *
 * @param <I> the input type (what a writer adds)
 * @param <A> the accumulator type (what the store keeps)
 */
public interface Aggregator<I, A> {

  /** A new, empty accumulator: the identity of {@link #merge}. */
  A createAccumulator();

  /** {@code accumulator} with {@code input} added (may return a new object or the one given). */
  A add(I input, A accumulator);

  /** The accumulator of everything {@code a} and then {@code b} hold. */
  A merge(A a, A b);

  /** The stored form of an accumulator. */
  byte[] serialize(A accumulator);

  /**
   * The accumulator of a stored form.
   *
   * @throws IllegalArgumentException if the bytes are not a serialized accumulator
   */
  A deserialize(byte[] bytes);
}
