package io.sediment.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.state.internal.InternalValueState;

/** {@link org.apache.flink.api.common.state.ValueState} stored at the composite key. */
final class SedimentValueState<K, N, V> extends AbstractSedimentState<K, N, V>
    implements InternalValueState<K, N, V> {

  private final V defaultValue;

  SedimentValueState(
      StateContext<K> context,
      String name,
      TypeSerializer<N> namespaceSerializer,
      TypeSerializer<V> valueSerializer,
      V defaultValue) {
    super(context, name, namespaceSerializer, valueSerializer);
    this.defaultValue = defaultValue;
  }

  @Override
  public V value() throws IOException {
    byte[] bytes = db().get(currentKey());
    if (bytes == null) {
      return defaultValue == null ? null : valueSerializer.copy(defaultValue);
    }
    return deserialize(bytes, valueSerializer);
  }

  @Override
  public void update(V value) throws IOException {
    if (value == null) {
      clear();
      return;
    }
    db().put(currentKey(), serialize(value, valueSerializer));
  }

  @Override
  public void clear() {
    try {
      db().delete(currentKey());
    } catch (IOException e) {
      throw new UncheckedIOException("clearing state '" + name + "'", e);
    }
  }
}
