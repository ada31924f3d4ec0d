package io.sediment.stream.window;

import io.sediment.stream.ListState;
import io.sediment.stream.NamespacedState;
import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.StateFuture;
import io.sediment.stream.StateFutures;
import io.sediment.stream.runtime.OperatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A window's elements in a {@link ListState} with the window as namespace, for a full-window
 * function. Adding an element is an append (a merge operand): it does not read.
 */
final class ListContents<T, K, R> implements WindowContents<T, K, R> {

  private final StateDescriptor<ListState<T>> descriptor;
  private final WindowFunction<T, K, R> function;

  ListContents(String name, Serializer<T> elements, WindowFunction<T, K, R> function) {
    this.descriptor = StateDescriptor.list(name, elements);
    this.function = function;
  }

  @Override
  public StateDescriptor<?> descriptor() {
    return descriptor;
  }

  @Override
  public Bound<T, K, R> bind(OperatorContext<K, R> context) {
    NamespacedState<TimeWindow, ListState<T>> state =
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
            .thenApply(
                elements ->
                    elements.isEmpty() ? null : function.apply(key, window, List.copyOf(elements)));
      }

      @Override
      public StateFuture<Void> mergeInto(List<TimeWindow> from, TimeWindow to) {
        List<StateFuture<Void>> moves = new ArrayList<>();
        for (TimeWindow f : from) {
          ListState<T> source = state.in(f);
          moves.add(
              source
                  .get()
                  .thenCompose(
                      elements -> {
                        StateFuture<Void> added = state.in(to).addAll(elements);
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
}
