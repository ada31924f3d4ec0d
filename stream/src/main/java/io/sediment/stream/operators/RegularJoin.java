package io.sediment.stream.operators;

import io.sediment.stream.ListState;
import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.StateTtl;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A regular (unbounded) inner equi-join: its input is both sides' records ({@link JoinInput}),
 * keyed by the join key. Each side's rows of a key are kept in a list state; a row that arrives is
 * added to its side and joined with every row the other side holds for its key, oldest first, each
 * pair emitted once as {@code +I joiner(left, right)}. Each pair is thus emitted exactly once, when
 * the later of its two rows arrives; the output is append-only.
 *
 * <p>Without a TTL the state grows with the input. {@link #withStateTtl} lets rows expire a fixed
 * time after they were stored (by the store's clock, element by element, Flink's default TTL
 * semantics): an expired row joins nothing more and compaction removes it.
 *
 * @param <L> the left row type
 * @param <R> the right row type
 * @param <K> the join key type
 * @param <O> the joined row type
 */
public final class RegularJoin<L, R, K, O> implements KeyedOperator<JoinInput<L, R>, K, Change<O>> {

  private final StateDescriptor<ListState<L>> leftRows;
  private final StateDescriptor<ListState<R>> rightRows;
  private final BiFunction<? super L, ? super R, ? extends O> joiner;

  private RegularJoin(
      StateDescriptor<ListState<L>> leftRows,
      StateDescriptor<ListState<R>> rightRows,
      BiFunction<? super L, ? super R, ? extends O> joiner) {
    this.leftRows = leftRows;
    this.rightRows = rightRows;
    this.joiner = joiner;
  }

  /**
   * An inner join whose states are named {@code <name>.left} and {@code <name>.right}.
   *
   * @throws IllegalArgumentException if an argument is null or the name blank
   */
  public static <L, R, K, O> RegularJoin<L, R, K, O> inner(
      String name,
      Serializer<L> lefts,
      Serializer<R> rights,
      BiFunction<? super L, ? super R, ? extends O> joiner) {
    if (name == null || joiner == null) {
      throw new IllegalArgumentException("name and joiner must not be null");
    }
    return new RegularJoin<>(
        StateDescriptor.list(name + ".left", lefts),
        StateDescriptor.list(name + ".right", rights),
        joiner);
  }

  /**
   * This join with both sides' rows expiring {@code ttl} after they were stored.
   *
   * @throws IllegalArgumentException if {@code ttl} is null
   */
  public RegularJoin<L, R, K, O> withStateTtl(StateTtl ttl) {
    return new RegularJoin<>(leftRows.withTtl(ttl), rightRows.withTtl(ttl), joiner);
  }

  @Override
  public List<StateDescriptor<?>> states() {
    return List.of(leftRows, rightRows);
  }

  @Override
  public KeyedProcessor<JoinInput<L, R>> open(OperatorContext<K, Change<O>> context) {
    ListState<L> lefts = context.state(leftRows);
    ListState<R> rights = context.state(rightRows);
    return (input, timestamp) -> {
      if (input.isLeft()) {
        L l = input.left();
        lefts.add(l);
        rights.get().thenAccept(rs -> rs.forEach(r -> emit(context, l, r)));
      } else {
        R r = input.right();
        rights.add(r);
        lefts.get().thenAccept(ls -> ls.forEach(l -> emit(context, l, r)));
      }
    };
  }

  private void emit(OperatorContext<K, Change<O>> context, L l, R r) {
    context.emit(Change.insert(joiner.apply(l, r)));
  }
}
