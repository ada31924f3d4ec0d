package io.sediment.stream.operators;

import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.StateTtl;
import io.sediment.stream.ValueState;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.util.List;
import java.util.function.BiFunction;

/**
 * An updating aggregation per key (SQL's {@code GROUP BY} without windows): each row is added to
 * its key's accumulator, and the key's result row is kept current as a changelog. The first row of
 * a key emits {@code +I result}; each later row that changes the result emits {@code -U previous
 * result} then {@code +U new result} (a row that leaves the result equal, by {@code equals}, emits
 * nothing, as Flink does). State: the accumulator per key. The input is append-only.
 *
 * @param <T> the input row type
 * @param <K> the group key type
 * @param <A> the accumulator type (treated as immutable: {@code add} returns the next one)
 * @param <R> the result row type
 */
public final class GroupAggregate<T, K, A, R> implements KeyedOperator<T, K, Change<R>> {

  private final StateDescriptor<ValueState<A>> accumulator;
  private final A initial;
  private final BiFunction<? super A, ? super T, ? extends A> add;
  private final BiFunction<? super K, ? super A, ? extends R> result;

  /**
   * An aggregation starting each key at {@code initial}, adding rows with {@code add}, and turning
   * a key and its accumulator into the result row with {@code result}; its state is named {@code
   * <name>.accumulator}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public GroupAggregate(
      String name,
      Serializer<A> accumulators,
      A initial,
      BiFunction<? super A, ? super T, ? extends A> add,
      BiFunction<? super K, ? super A, ? extends R> result) {
    this(StateDescriptor.value(checked(name) + ".accumulator", accumulators), initial, add, result);
  }

  private GroupAggregate(
      StateDescriptor<ValueState<A>> accumulator,
      A initial,
      BiFunction<? super A, ? super T, ? extends A> add,
      BiFunction<? super K, ? super A, ? extends R> result) {
    if (initial == null || add == null || result == null) {
      throw new IllegalArgumentException("initial, add and result must not be null");
    }
    this.accumulator = accumulator;
    this.initial = initial;
    this.add = add;
    this.result = result;
  }

  private static String checked(String name) {
    if (name == null) {
      throw new IllegalArgumentException("name must not be null");
    }
    return name;
  }

  /**
   * This aggregation with each key's accumulator expiring {@code ttl} after its last write (a key
   * then starts again with {@code +I}).
   *
   * @throws IllegalArgumentException if {@code ttl} is null
   */
  public GroupAggregate<T, K, A, R> withStateTtl(StateTtl ttl) {
    return new GroupAggregate<>(accumulator.withTtl(ttl), initial, add, result);
  }

  @Override
  public List<StateDescriptor<?>> states() {
    return List.of(accumulator);
  }

  @Override
  public KeyedProcessor<T> open(OperatorContext<K, Change<R>> context) {
    ValueState<A> state = context.state(accumulator);
    return (row, ts) ->
        state
            .value()
            .thenAccept(
                previous -> {
                  K key = context.currentKey();
                  A next = add.apply(previous == null ? initial : previous, row);
                  state.update(next);
                  R now = result.apply(key, next);
                  if (previous == null) {
                    context.emit(Change.insert(now));
                    return;
                  }
                  R before = result.apply(key, previous);
                  if (!before.equals(now)) {
                    context.emit(Change.updateBefore(before));
                    context.emit(Change.updateAfter(now));
                  }
                });
  }
}
