package io.sediment.stream;

import io.sediment.stream.internal.TtlValues;

/** {@link ReducingState}: adds are merge operands; the store's merge function folds them. */
final class ReducingStateImpl<T> implements ReducingState<T> {

  private final StateBinding<?> b;
  private final Serializer<T> serializer;

  ReducingStateImpl(StateBinding<?> b, Serializer<T> serializer) {
    this.b = b;
    this.serializer = serializer;
  }

  @Override
  public StateFuture<T> get() {
    return b.get(b.head())
        .thenApply(
            raw -> {
              byte[] stored = (byte[]) raw;
              byte[] p = b.hasTtl() ? TtlValues.liveOrNull(stored, b.ttlMillis(), b.now()) : stored;
              return p == null ? null : serializer.deserialize(p);
            });
  }

  @Override
  public StateFuture<Void> add(T value) {
    byte[] bytes = StateBinding.serialize(serializer, value, "value");
    return b.merge(b.head(), b.hasTtl() ? TtlValues.wrap(b.now(), bytes) : bytes);
  }

  @Override
  public StateFuture<Void> clear() {
    return b.delete(b.head());
  }
}
