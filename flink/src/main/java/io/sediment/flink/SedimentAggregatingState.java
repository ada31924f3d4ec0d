package io.sediment.flink;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.state.internal.InternalAggregatingState;

/**
 * {@link org.apache.flink.api.common.state.AggregatingState}: the accumulator is stored; read, add,
 * write back.
 */
final class SedimentAggregatingState<K, N, IN, ACC, OUT> extends AbstractSedimentState<K, N, ACC>
    implements InternalAggregatingState<K, N, IN, ACC, OUT> {

  private final AggregateFunction<IN, ACC, OUT> function;

  SedimentAggregatingState(
      StateContext<K> context,
      String name,
      TypeSerializer<N> namespaceSerializer,
      TypeSerializer<ACC> accumulatorSerializer,
      AggregateFunction<IN, ACC, OUT> function) {
    super(context, name, namespaceSerializer, accumulatorSerializer);
    this.function = function;
  }

  @Override
  public OUT get() throws IOException {
    ACC acc = getInternal();
    return acc == null ? null : function.getResult(acc);
  }

  @Override
  public ACC getInternal() throws IOException {
    byte[] bytes = db().get(currentKey());
    return bytes == null ? null : deserialize(bytes, valueSerializer);
  }

  @Override
  public void updateInternal(ACC acc) throws IOException {
    if (acc == null) {
      clear();
    } else {
      db().put(currentKey(), serialize(acc, valueSerializer));
    }
  }

  @Override
  public void add(IN value) throws IOException {
    ACC acc = getInternal();
    updateInternal(function.add(value, acc == null ? function.createAccumulator() : acc));
  }

  @Override
  public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
    mergeStoredValues(target, sources, function::merge);
  }
}
