package io.sediment.stream.operators;

import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The first {@code n} rows of each partition (the operator's key) in an order, kept current as rows
 * arrive, with the rank in each output row ({@link Ranked}). State: the current top rows of each
 * key, sorted, as one value (so {@code n} should stay small, as in any top-N).
 *
 * <p>A row that sorts at rank {@code i <= n} moves the rows from rank {@code i} on down by one (the
 * last falls out); for every rank whose row changed the operator emits {@code -U (rank, old row)}
 * then {@code +U (rank, new row)}, or {@code +I (rank, row)} for a rank that was empty. A row that
 * sorts after the n-th emits nothing. Rows that compare equal keep their arrival order (a new row
 * goes after its equals). The input is append-only.
 *
 * <p>The changelog, applied to a table keyed by (partition, rank), gives the current top-N.
 *
 * @param <T> the row type
 * @param <K> the partition key type
 */
public final class TopN<T, K> implements KeyedOperator<T, K, Change<Ranked<T>>> {

  private final StateDescriptor<ValueState<List<T>>> top;
  private final Comparator<? super T> order;
  private final int n;

  /**
   * The first {@code n} rows of each key by {@code order}; its state is named {@code <name>.top}.
   *
   * @throws IllegalArgumentException if an argument is null, or {@code n} is below 1
   */
  public TopN(String name, Serializer<T> rows, Comparator<? super T> order, int n) {
    if (name == null || rows == null || order == null) {
      throw new IllegalArgumentException("name, rows and order must not be null");
    }
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    this.top = StateDescriptor.value(name + ".top", RowLists.serializer(rows));
    this.order = order;
    this.n = n;
  }

  @Override
  public List<StateDescriptor<?>> states() {
    return List.of(top);
  }

  @Override
  public KeyedProcessor<T> open(OperatorContext<K, Change<Ranked<T>>> context) {
    ValueState<List<T>> state = context.state(top);
    return (row, ts) ->
        state
            .value()
            .thenAccept(
                stored -> {
                  List<T> old = stored == null ? List.of() : stored;
                  int at = 0;
                  while (at < old.size() && order.compare(old.get(at), row) <= 0) {
                    at++;
                  }
                  if (at >= n) {
                    return;
                  }
                  List<T> next = new ArrayList<>(old.size() + 1);
                  next.addAll(old.subList(0, at));
                  next.add(row);
                  next.addAll(old.subList(at, Math.min(old.size(), n - 1)));
                  state.update(next);
                  for (int i = at; i < next.size(); i++) {
                    Ranked<T> now = new Ranked<>(i + 1, next.get(i));
                    if (i < old.size()) {
                      context.emit(Change.updateBefore(new Ranked<>(i + 1, old.get(i))));
                      context.emit(Change.updateAfter(now));
                    } else {
                      context.emit(Change.insert(now));
                    }
                  }
                });
  }
}
