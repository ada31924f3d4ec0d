package io.sediment.flink;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.state.internal.InternalReducingState;

/** {@link org.apache.flink.api.common.state.ReducingState}: read, reduce, write back. */
final class SedimentReducingState<K, N, V> extends AbstractSedimentState<K, N, V>
    implements InternalReducingState<K, N, V> {

  private final ReduceFunction<V> reduce;

  SedimentReducingState(
      StateContext<K> context,
      String name,
      TypeSerializer<N> namespaceSerializer,
      TypeSerializer<V> valueSerializer,
      ReduceFunction<V> reduce) {
    super(context, name, namespaceSerializer, valueSerializer);
    this.reduce = reduce;
  }

  @Override
  public V get() throws IOException {
    return getInternal();
  }

  @Override
  public V getInternal() throws IOException {
    byte[] bytes = db().get(currentKey());
    return bytes == null ? null : deserialize(bytes, valueSerializer);
  }

  @Override
  public void updateInternal(V value) throws IOException {
    if (value == null) {
      clear();
    } else {
      db().put(currentKey(), serialize(value, valueSerializer));
    }
  }

  @Override
  public void add(V value) throws Exception {
    V old = getInternal();
    updateInternal(old == null ? value : reduce.reduce(old, value));
  }

  @Override
  public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
    if (sources == null || sources.isEmpty()) {
      return;
    }
    V merged = null;
    for (N source : sources) {
      if (source == null) {
        continue;
      }
      byte[] key = keyOf(source);
      byte[] bytes = db().get(key);
      if (bytes != null) {
        db().delete(key);
        V v = deserialize(bytes, valueSerializer);
        merged = merged == null ? v : reduce.reduce(merged, v);
      }
    }
    if (merged != null) {
      byte[] targetKey = keyOf(target);
      byte[] bytes = db().get(targetKey);
      if (bytes != null) {
        merged = reduce.reduce(merged, deserialize(bytes, valueSerializer));
      }
      db().put(targetKey, serialize(merged, valueSerializer));
    }
  }
}
