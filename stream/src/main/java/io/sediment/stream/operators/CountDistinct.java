package io.sediment.stream.operators;

import io.sediment.stream.MapState;
import io.sediment.stream.Serializer;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code COUNT(DISTINCT value)} per key, as a changelog: distinct then count. State per key: the
 * set of values seen (a map state, one stored entry per value, holding the event time it was first
 * seen) and the count (a value state), so that a row costs two point reads and, for a new value,
 * two writes, whatever the number of distinct values.
 *
 * <p>Both reads of a row are issued together, before either answers, so the execution controller
 * sends them in the same batch (one sorted multi-get for all the rows of a batch), and the two
 * writes of a new value go into one write batch. A row with a value already seen emits nothing; one
 * with a new value emits {@code +I result(key, 1)} for the key's first value, else {@code -U
 * result(key, n)} then {@code +U result(key, n + 1)}. The input is append-only.
 *
 * @param <T> the input row type
 * @param <K> the key type
 * @param <V> the type of the values counted
 * @param <R> the result row type
 */
public final class CountDistinct<T, K, V, R> implements KeyedOperator<T, K, Change<R>> {

  private final StateDescriptor<MapState<V, Long>> seen;
  private final StateDescriptor<ValueState<Long>> count;
  private final Function<? super T, ? extends V> value;
  private final BiFunction<? super K, Long, ? extends R> result;

  /**
   * Counts the distinct {@code value}s of each key; states are named {@code <name>.seen} and {@code
   * <name>.count}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public CountDistinct(
      String name,
      Function<? super T, ? extends V> value,
      Serializer<V> values,
      BiFunction<? super K, Long, ? extends R> result) {
    if (name == null || value == null || values == null || result == null) {
      throw new IllegalArgumentException("name, value, values and result must not be null");
    }
    this.seen = StateDescriptor.map(name + ".seen", values, Serializers.longs());
    this.count = StateDescriptor.value(name + ".count", Serializers.longs());
    this.value = value;
    this.result = result;
  }

  @Override
  public List<StateDescriptor<?>> states() {
    return List.of(seen, count);
  }

  @Override
  public KeyedProcessor<T> open(OperatorContext<K, Change<R>> context) {
    MapState<V, Long> values = context.state(seen);
    ValueState<Long> counts = context.state(count);
    return (row, ts) -> {
      V v = value.apply(row);
      if (v == null) {
        throw new IllegalArgumentException("the value function returned null for " + row);
      }
      values
          .contains(v)
          .thenCombine(
              counts.value(),
              (known, n) -> {
                if (known) {
                  return null;
                }
                long before = n == null ? 0 : n;
                values.put(v, ts);
                counts.update(before + 1);
                K key = context.currentKey();
                if (before == 0) {
                  context.emit(Change.insert(result.apply(key, 1L)));
                } else {
                  context.emit(Change.updateBefore(result.apply(key, before)));
                  context.emit(Change.updateAfter(result.apply(key, before + 1)));
                }
                return null;
              });
    };
  }
}
