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
    mergeStoredValues(target, sources, reduce::reduce);
  }
}
