package io.sediment.compaction;

import io.sediment.lsm.MergeFunction;
import java.util.List;
import java.util.Objects;

/**
 * A merge function over a user {@link Aggregator}: every value and every operand is a serialized
 * accumulator. A writer adds an input with {@code db.merge(key, function.operand(input))}; a full
 * merge deserializes the base and the operands and merges them oldest first; a partial merge merges
 * the operands alone (valid because {@link Aggregator#merge} is associative). Reading the value
 * back: {@link #accumulator(byte[])}.
 *
 * <p>Errors: whatever the aggregator throws (a {@link Aggregator#deserialize} of bytes that are not
 * an accumulator) propagates to the read, or fails the compaction, which leaves its inputs in
 * place. Thread-safe when the aggregator is.
 *
 * @param <I> the input type
 * @param <A> the accumulator type
 */
public final class AggregatingMergeFunction<I, A> implements MergeFunction {

  private final String name;
  private final Aggregator<I, A> aggregator;

  AggregatingMergeFunction(String name, Aggregator<I, A> aggregator) {
    this.name = name;
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
  }

  @Override
  public String name() {
    return name;
  }

  /** The operand that adds {@code input}: a serialized accumulator holding it alone. */
  public byte[] operand(I input) {
    return aggregator.serialize(aggregator.add(input, aggregator.createAccumulator()));
  }

  /**
   * The accumulator a stored value holds.
   *
   * @throws IllegalArgumentException if the aggregator cannot deserialize the bytes
   */
  public A accumulator(byte[] value) {
    return aggregator.deserialize(value);
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    A acc = base == null ? aggregator.createAccumulator() : aggregator.deserialize(base);
    for (byte[] operand : operands) {
      acc = aggregator.merge(acc, aggregator.deserialize(operand));
    }
    return aggregator.serialize(acc);
  }

  @Override
  public byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return fullMerge(key, null, operands);
  }

  @Override
  public String toString() {
    return name;
  }
}
