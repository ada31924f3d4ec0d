package io.sediment.stream;

import io.sediment.stream.internal.TtlValues;

/** {@link ValueState}: one stored value per key and namespace ({@code [ts]} first with TTL). */
final class ValueStateImpl<T> implements ValueState<T> {

  private final StateBinding<?> b;
  private final Serializer<T> serializer;

  ValueStateImpl(StateBinding<?> b, Serializer<T> serializer) {
    this.b = b;
    this.serializer = serializer;
  }

  @Override
  public StateFuture<T> value() {
    return b.get(b.head()).thenApply(raw -> decode((byte[]) raw));
  }

  private T decode(byte[] raw) {
    byte[] payload = b.hasTtl() ? TtlValues.liveOrNull(raw, b.ttlMillis(), b.now()) : raw;
    return payload == null ? null : serializer.deserialize(payload);
  }

  @Override
  public StateFuture<Void> update(T value) {
    if (value == null) {
      return clear();
    }
    byte[] bytes = StateBinding.serialize(serializer, value, "value");
    return b.put(b.head(), b.hasTtl() ? TtlValues.wrap(b.now(), bytes) : bytes);
  }

  @Override
  public StateFuture<Void> clear() {
    return b.delete(b.head());
  }
}
