package io.sediment.stream;

import io.sediment.compaction.Aggregator;
import io.sediment.stream.internal.TtlValues;
import java.util.function.Function;

/** {@link AggregatingState}: adds are merge operands holding one input's accumulator. */
final class AggregatingStateImpl<I, A, O> implements AggregatingState<I, O> {

  private final StateBinding<?> b;
  private final Aggregator<I, A> aggregator;
  private final Function<A, O> result;

  AggregatingStateImpl(StateBinding<?> b, Aggregator<I, A> aggregator, Function<A, O> result) {
    this.b = b;
    this.aggregator = aggregator;
    this.result = result;
  }

  @Override
  public StateFuture<O> get() {
    return b.get(b.head())
        .thenApply(
            raw -> {
              byte[] stored = (byte[]) raw;
              byte[] p = b.hasTtl() ? TtlValues.liveOrNull(stored, b.ttlMillis(), b.now()) : stored;
              return p == null ? null : result.apply(aggregator.deserialize(p));
            });
  }

  @Override
  public StateFuture<Void> add(I input) {
    if (input == null) {
      throw new IllegalArgumentException("input must not be null");
    }
    byte[] operand = aggregator.serialize(aggregator.add(input, aggregator.createAccumulator()));
    return b.merge(b.head(), b.hasTtl() ? TtlValues.wrap(b.now(), operand) : operand);
  }

  @Override
  public StateFuture<Void> clear() {
    return b.delete(b.head());
  }
}
