package io.sediment.stream;

import io.sediment.stream.internal.StateFutureImpl;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Futures that are not state requests: completed values and combinations. */
public final class StateFutures {

  private StateFutures() {}

  /**
   * A future already holding {@code value}; its callbacks run on the calling thread, which must be
   * the task thread.
   */
  public static <T> StateFuture<T> completed(T value) {
    StateFutureImpl<T> f = new StateFutureImpl<>();
    f.complete(value);
    return f;
  }

  /**
   * A future of every value of {@code futures}, in the collection's order, once all are there.
   *
   * @throws IllegalArgumentException if {@code futures} or one of them is null
   */
  public static <T> StateFuture<List<T>> combineAll(Collection<? extends StateFuture<T>> futures) {
    if (futures == null) {
      throw new IllegalArgumentException("futures must not be null");
    }
    List<StateFuture<T>> list = new ArrayList<>(futures);
    if (list.contains(null)) {
      throw new IllegalArgumentException("futures must not hold null: " + list);
    }
    StateFutureImpl<List<T>> all = new StateFutureImpl<>();
    List<T> values = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      values.add(null);
    }
    int[] missing = {list.size()};
    if (list.isEmpty()) {
      all.complete(values);
    }
    for (int i = 0; i < list.size(); i++) {
      int at = i;
      list.get(i)
          .thenAccept(
              v -> {
                values.set(at, v);
                if (--missing[0] == 0) {
                  all.complete(values);
                }
              });
    }
    return all;
  }
}
