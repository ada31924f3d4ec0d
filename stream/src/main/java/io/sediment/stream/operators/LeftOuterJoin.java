package io.sediment.stream.operators;

import io.sediment.stream.ListState;
import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.StateTtl;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A regular (unbounded) left outer equi-join: like {@link RegularJoin}, and every left row that has
 * no right partner yet is in the result padded, as {@code joiner(left, null)}. The output is a
 * changelog:
 *
 * <ul>
 *   <li>a left row arriving while its key has right rows emits {@code +I joiner(left, right)} per
 *       right row; with none it emits {@code +I joiner(left, null)} and is stored as padded;
 *   <li>a right row emits, per left row of its key, oldest first: for a padded one {@code -D
 *       joiner(left, null)} (the retraction) then {@code +I joiner(left, right)}, and the left row
 *       is no longer padded; for the others {@code +I joiner(left, right)}.
 * </ul>
 *
 * Applied in order, the changes give exactly the left outer join of the rows so far. State: the
 * left rows with their padded flag, and the right rows, as list states. With {@link #withStateTtl}
 * rows expire as in {@link RegularJoin}; a left row that was joined stays unpadded after its
 * partners expired (its joined rows stay in the result), and the first partner of a padded row
 * rewrites its key's left rows, which restarts their time to live.
 *
 * @param <L> the left row type
 * @param <R> the right row type
 * @param <K> the join key type
 * @param <O> the joined row type
 */
public final class LeftOuterJoin<L, R, K, O>
    implements KeyedOperator<JoinInput<L, R>, K, Change<O>> {

  /** A stored left row and whether it is in the result padded. */
  record LeftRow<L>(L row, boolean padded) {

    static <L> Serializer<LeftRow<L>> serializer(Serializer<L> rows) {
      return new Serializer<>() {
        @Override
        public byte[] serialize(LeftRow<L> value) {
          byte[] row = rows.serialize(value.row());
          return ByteBuffer.allocate(row.length + 1)
              .put((byte) (value.padded() ? 1 : 0))
              .put(row)
              .array();
        }

        @Override
        public LeftRow<L> deserialize(byte[] bytes) {
          if (bytes.length < 1) {
            throw new IllegalArgumentException("a left row has its padded flag first");
          }
          return new LeftRow<>(
              rows.deserialize(Arrays.copyOfRange(bytes, 1, bytes.length)), bytes[0] == 1);
        }
      };
    }
  }

  private final StateDescriptor<ListState<LeftRow<L>>> leftRows;
  private final StateDescriptor<ListState<R>> rightRows;
  private final BiFunction<? super L, ? super R, ? extends O> joiner;

  private LeftOuterJoin(
      StateDescriptor<ListState<LeftRow<L>>> leftRows,
      StateDescriptor<ListState<R>> rightRows,
      BiFunction<? super L, ? super R, ? extends O> joiner) {
    this.leftRows = leftRows;
    this.rightRows = rightRows;
    this.joiner = joiner;
  }

  /**
   * A left outer join whose states are named {@code <name>.left} and {@code <name>.right}; {@code
   * joiner} gets null as the right row of a padded row.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public LeftOuterJoin(
      String name,
      Serializer<L> lefts,
      Serializer<R> rights,
      BiFunction<? super L, ? super R, ? extends O> joiner) {
    this(
        StateDescriptor.list(checked(name) + ".left", LeftRow.serializer(checked(lefts))),
        StateDescriptor.list(name + ".right", rights),
        checked(joiner));
  }

  private static <X> X checked(X x) {
    if (x == null) {
      throw new IllegalArgumentException("name, serializers and joiner must not be null");
    }
    return x;
  }

  /**
   * This join with both sides' rows expiring {@code ttl} after they were stored.
   *
   * @throws IllegalArgumentException if {@code ttl} is null
   */
  public LeftOuterJoin<L, R, K, O> withStateTtl(StateTtl ttl) {
    return new LeftOuterJoin<>(leftRows.withTtl(ttl), rightRows.withTtl(ttl), joiner);
  }

  @Override
  public List<StateDescriptor<?>> states() {
    return List.of(leftRows, rightRows);
  }

  @Override
  public KeyedProcessor<JoinInput<L, R>> open(OperatorContext<K, Change<O>> context) {
    ListState<LeftRow<L>> lefts = context.state(leftRows);
    ListState<R> rights = context.state(rightRows);
    return (input, timestamp) -> {
      if (input.isLeft()) {
        L l = input.left();
        rights
            .get()
            .thenAccept(
                rs -> {
                  lefts.add(new LeftRow<>(l, rs.isEmpty()));
                  if (rs.isEmpty()) {
                    context.emit(Change.insert(joiner.apply(l, null)));
                  }
                  rs.forEach(r -> context.emit(Change.insert(joiner.apply(l, r))));
                });
      } else {
        R r = input.right();
        rights.add(r);
        lefts
            .get()
            .thenAccept(
                ls -> {
                  List<LeftRow<L>> next = new ArrayList<>(ls.size());
                  boolean changed = false;
                  for (LeftRow<L> l : ls) {
                    if (l.padded()) {
                      context.emit(Change.delete(joiner.apply(l.row(), null)));
                      changed = true;
                    }
                    context.emit(Change.insert(joiner.apply(l.row(), r)));
                    next.add(new LeftRow<>(l.row(), false));
                  }
                  if (changed) {
                    lefts.update(next);
                  }
                });
      }
    };
  }
}
