package io.sediment.stream;

import io.sediment.compaction.Aggregator;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Declares one keyed state: its name (unique within a store, and what its stored key prefix is
 * derived from, so it must stay the same across restarts), its kind, how its values are serialized
 * and folded, and its TTL. A store is opened with every state it will hold ({@link
 * KeyedStateStore.Builder#declare}), because merges and TTL compaction run in the background from
 * the first moment. Immutable.
 *
 * @param <S> the state interface a controller gives for it
 */
public final class StateDescriptor<S> {

  private final String name;
  private final StateKind kind;
  private final Serializer<?> valueSerializer;
  private final Serializer<?> userKeySerializer;
  private final BinaryOperator<?> reduce;
  private final Aggregator<?, ?> aggregator;
  private final Function<?, ?> result;
  private final StateTtl ttl;

  private StateDescriptor(
      String name,
      StateKind kind,
      Serializer<?> valueSerializer,
      Serializer<?> userKeySerializer,
      BinaryOperator<?> reduce,
      Aggregator<?, ?> aggregator,
      Function<?, ?> result,
      StateTtl ttl) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("state name must not be blank: '" + name + "'");
    }
    this.name = name;
    this.kind = kind;
    this.valueSerializer = valueSerializer;
    this.userKeySerializer = userKeySerializer;
    this.reduce = reduce;
    this.aggregator = aggregator;
    this.result = result;
    this.ttl = ttl;
  }

  /**
   * A {@link ValueState}.
   *
   * @throws IllegalArgumentException if the name is blank or the serializer null
   */
  public static <T> StateDescriptor<ValueState<T>> value(String name, Serializer<T> serializer) {
    return new StateDescriptor<>(
        name, StateKind.VALUE, required(serializer, "serializer"), null, null, null, null, null);
  }

  /**
   * A {@link ListState}.
   *
   * @throws IllegalArgumentException if the name is blank or the serializer null
   */
  public static <T> StateDescriptor<ListState<T>> list(String name, Serializer<T> serializer) {
    return new StateDescriptor<>(
        name, StateKind.LIST, required(serializer, "serializer"), null, null, null, null, null);
  }

  /**
   * A {@link MapState}.
   *
   * @throws IllegalArgumentException if the name is blank or a serializer null
   */
  public static <K, V> StateDescriptor<MapState<K, V>> map(
      String name, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    return new StateDescriptor<>(
        name,
        StateKind.MAP,
        required(valueSerializer, "valueSerializer"),
        required(keySerializer, "keySerializer"),
        null,
        null,
        null,
        null);
  }

  /**
   * A {@link ReducingState} folding with {@code reduce} (oldest value first).
   *
   * @throws IllegalArgumentException if the name is blank or an argument null
   */
  public static <T> StateDescriptor<ReducingState<T>> reducing(
      String name, BinaryOperator<T> reduce, Serializer<T> serializer) {
    return new StateDescriptor<>(
        name,
        StateKind.REDUCING,
        required(serializer, "serializer"),
        null,
        required(reduce, "reduce"),
        null,
        null,
        null);
  }

  /**
   * An {@link AggregatingState}: inputs are added to accumulators by {@code aggregator} (which also
   * serializes them), and {@code result} turns an accumulator into what {@code get} returns.
   *
   * @throws IllegalArgumentException if the name is blank or an argument null
   */
  public static <I, A, O> StateDescriptor<AggregatingState<I, O>> aggregating(
      String name, Aggregator<I, A> aggregator, Function<A, O> result) {
    return new StateDescriptor<>(
        name,
        StateKind.AGGREGATING,
        null,
        null,
        null,
        required(aggregator, "aggregator"),
        required(result, "result"),
        null);
  }

  /**
   * This state with values expiring after {@code ttl}.
   *
   * @throws IllegalArgumentException if {@code ttl} is null
   */
  public StateDescriptor<S> withTtl(StateTtl ttl) {
    return new StateDescriptor<>(
        name,
        kind,
        valueSerializer,
        userKeySerializer,
        reduce,
        aggregator,
        result,
        required(ttl, "ttl"));
  }

  /** The state's name. */
  public String name() {
    return name;
  }

  /** The state's kind. */
  public StateKind kind() {
    return kind;
  }

  /** The TTL, or null when values never expire. */
  public StateTtl ttl() {
    return ttl;
  }

  Serializer<?> valueSerializer() {
    return valueSerializer;
  }

  Serializer<?> userKeySerializer() {
    return userKeySerializer;
  }

  BinaryOperator<?> reduce() {
    return reduce;
  }

  Aggregator<?, ?> aggregator() {
    return aggregator;
  }

  Function<?, ?> result() {
    return result;
  }

  private static <T> T required(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  @Override
  public String toString() {
    return kind + " state '" + name + "'" + (ttl == null ? "" : " ttl " + ttl.ttl());
  }
}
