package io.sediment.stream.window;

import io.sediment.compaction.Aggregator;
import io.sediment.stream.AggregatingState;
import io.sediment.stream.NamespacedState;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.StateFuture;
import io.sediment.stream.StateFutures;
import io.sediment.stream.runtime.OperatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A window's accumulator in an {@link AggregatingState} with the window as namespace. Adding an
 * element is a merge operand (the element's own accumulator): it does not read. Merging windows
 * reads the accumulators of the windows merged away and adds them, as merge operands too, to the
 * surviving one; for that the state's aggregator takes either an element or a whole accumulator
 * ({@link Merged}).
 */
final class AggregatingContents<T, K, A, O, R> implements WindowContents<T, K, R> {

  /** An accumulator added as a whole to another (session windows merging). */
  private record Merged<A>(A accumulator) {}

  private final StateDescriptor<AggregatingState<Object, A>> descriptor;
  private final AggregateFunction<T, A, O> function;
  private final WindowResult<K, O, R> result;

  AggregatingContents(
      String name, AggregateFunction<T, A, O> function, WindowResult<K, O, R> result) {
    this.function = function;
    this.result = result;
    this.descriptor =
        StateDescriptor.aggregating(
            name, new ElementsOrAccumulators<>(function), Function.identity());
  }

  @Override
  public StateDescriptor<?> descriptor() {
    return descriptor;
  }

  @Override
  public Bound<T, K, R> bind(OperatorContext<K, R> context) {
    NamespacedState<TimeWindow, AggregatingState<Object, A>> state =
        context.state(descriptor, TimeWindow.serializer());
    return new Bound<>() {
      @Override
      public StateFuture<Void> add(TimeWindow namespace, T element) {
        return state.in(namespace).add(element);
      }

      @Override
      public StateFuture<R> result(TimeWindow window, TimeWindow namespace) {
        K key = context.currentKey();
        return state
            .in(namespace)
            .get()
            .thenApply(a -> a == null ? null : result.build(key, window, function.result(a)));
      }

      @Override
      public StateFuture<Void> mergeInto(List<TimeWindow> from, TimeWindow to) {
        List<StateFuture<Void>> moves = new ArrayList<>();
        for (TimeWindow f : from) {
          AggregatingState<Object, A> source = state.in(f);
          moves.add(
              source
                  .get()
                  .thenCompose(
                      a -> {
                        StateFuture<Void> added =
                            a == null
                                ? StateFutures.completed(null)
                                : state.in(to).add(new Merged<>(a));
                        source.clear();
                        return added;
                      }));
        }
        return StateFutures.combineAll(moves).thenApply(done -> null);
      }

      @Override
      public StateFuture<Void> clear(TimeWindow namespace) {
        return state.in(namespace).clear();
      }
    };
  }

  /** The user's function, taking either an element or a whole accumulator as input. */
  private static final class ElementsOrAccumulators<T, A> implements Aggregator<Object, A> {
    private final AggregateFunction<T, A, ?> function;

    ElementsOrAccumulators(AggregateFunction<T, A, ?> function) {
      this.function = function;
    }

    @Override
    public A createAccumulator() {
      return function.createAccumulator();
    }

    @Override
    @SuppressWarnings("unchecked")
    public A add(Object input, A accumulator) {
      return input instanceof Merged<?> m
          ? function.merge(accumulator, (A) m.accumulator())
          : function.add((T) input, accumulator);
    }

    @Override
    public A merge(A a, A b) {
      return function.merge(a, b);
    }

    @Override
    public byte[] serialize(A accumulator) {
      return function.serialize(accumulator);
    }

    @Override
    public A deserialize(byte[] bytes) {
      return function.deserialize(bytes);
    }
  }
}
