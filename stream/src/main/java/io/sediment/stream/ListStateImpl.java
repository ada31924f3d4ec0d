package io.sediment.stream;

import io.sediment.stream.internal.ListValues;
import java.util.ArrayList;
import java.util.List;

/** {@link ListState}: one stored value of framed elements; appends are merges. */
final class ListStateImpl<T> implements ListState<T> {

  private final StateBinding<?> b;
  private final Serializer<T> serializer;

  ListStateImpl(StateBinding<?> b, Serializer<T> serializer) {
    this.b = b;
    this.serializer = serializer;
  }

  @Override
  public StateFuture<List<T>> get() {
    return b.get(b.head())
        .thenApply(
            raw -> {
              List<T> out = new ArrayList<>();
              for (byte[] p : ListValues.payloads((byte[]) raw, b.ttlMillis(), b.now())) {
                out.add(serializer.deserialize(p));
              }
              return out;
            });
  }

  @Override
  public StateFuture<Void> add(T value) {
    return b.merge(b.head(), element(value));
  }

  @Override
  public StateFuture<Void> addAll(List<T> values) {
    List<byte[]> elements = elements(values);
    if (elements.isEmpty()) {
      b.head();
      return StateFutures.completed(null);
    }
    return b.merge(b.head(), ListValues.join(elements));
  }

  @Override
  public StateFuture<Void> update(List<T> values) {
    List<byte[]> elements = elements(values);
    if (elements.isEmpty()) {
      return clear();
    }
    return b.put(b.head(), ListValues.join(elements));
  }

  @Override
  public StateFuture<Void> clear() {
    return b.delete(b.head());
  }

  private List<byte[]> elements(List<T> values) {
    if (values == null) {
      throw new IllegalArgumentException("list of values must not be null");
    }
    List<byte[]> out = new ArrayList<>(values.size());
    for (T v : values) {
      out.add(element(v));
    }
    return out;
  }

  private byte[] element(T value) {
    byte[] bytes = StateBinding.serialize(serializer, value, "list element");
    return ListValues.element(b.hasTtl(), b.hasTtl() ? b.now() : 0, bytes);
  }
}
