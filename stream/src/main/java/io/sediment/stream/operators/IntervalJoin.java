package io.sediment.stream.operators;

import io.sediment.stream.ListState;
import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * An event-time interval join: a left row at {@code lt} and a right row at {@code rt} of the same
 * key join when {@code lt + lower <= rt <= lt + upper}. Input: both sides' records ({@link
 * JoinInput}), keyed by the join key, with their event times. Each side's rows of a key are kept
 * with their timestamps in a list state; an arriving row is stored and joined with the other side's
 * rows in its interval, each pair emitted once as {@code +I joiner(left, right)} when its later row
 * arrives (append-only output).
 *
 * <p><b>Cleanup.</b> Records are expected in event time up to the watermark: a record whose
 * timestamp is below the current watermark is late and dropped (its matches may be gone), as in
 * Flink. So a left row at {@code lt} can meet no right row once the watermark passes {@code lt +
 * upper}, and a right row at {@code rt} no left row once it passes {@code rt - lower}: each stored
 * row registers an event-time timer at the first watermark that makes it useless, and the timer
 * removes every row of its key that is useless by then. State therefore holds only the rows of the
 * last {@code upper - lower} time units (plus the watermark's lag).
 *
 * @param <L> the left row type
 * @param <R> the right row type
 * @param <K> the join key type
 * @param <O> the joined row type
 */
public final class IntervalJoin<L, R, K, O>
    implements KeyedOperator<JoinInput<L, R>, K, Change<O>> {

  private final StateDescriptor<ListState<Timestamped<L>>> leftRows;
  private final StateDescriptor<ListState<Timestamped<R>>> rightRows;
  private final long lower;
  private final long upper;
  private final BiFunction<? super L, ? super R, ? extends O> joiner;

  /**
   * A join of bounds {@code [lower, upper]} whose states are named {@code <name>.left} and {@code
   * <name>.right}.
   *
   * @throws IllegalArgumentException if an argument is null, or {@code lower > upper}
   */
  public IntervalJoin(
      String name,
      Serializer<L> lefts,
      Serializer<R> rights,
      long lower,
      long upper,
      BiFunction<? super L, ? super R, ? extends O> joiner) {
    if (name == null || lefts == null || rights == null || joiner == null) {
      throw new IllegalArgumentException("name, serializers and joiner must not be null");
    }
    if (lower > upper) {
      throw new IllegalArgumentException("lower bound " + lower + " is above upper bound " + upper);
    }
    this.leftRows = StateDescriptor.list(name + ".left", Timestamped.serializer(lefts));
    this.rightRows = StateDescriptor.list(name + ".right", Timestamped.serializer(rights));
    this.lower = lower;
    this.upper = upper;
    this.joiner = joiner;
  }

  @Override
  public List<StateDescriptor<?>> states() {
    return List.of(leftRows, rightRows);
  }

  @Override
  public KeyedProcessor<JoinInput<L, R>> open(OperatorContext<K, Change<O>> context) {
    ListState<Timestamped<L>> lefts = context.state(leftRows);
    ListState<Timestamped<R>> rights = context.state(rightRows);
    return new KeyedProcessor<>() {
      @Override
      public void process(JoinInput<L, R> input, long ts) {
        if (ts < context.currentWatermark()) {
          return; // late: the rows it would meet may be cleaned up already
        }
        if (input.isLeft()) {
          L l = input.left();
          lefts.add(new Timestamped<>(ts, l));
          context.registerEventTimeTimer(timerAfter(saturatedAdd(ts, upper)));
          rights
              .get()
              .thenAccept(
                  rs -> {
                    for (Timestamped<R> r : rs) {
                      if (matches(ts, r.timestamp())) {
                        context.emit(Change.insert(joiner.apply(l, r.row())));
                      }
                    }
                  });
        } else {
          R r = input.right();
          rights.add(new Timestamped<>(ts, r));
          context.registerEventTimeTimer(timerAfter(saturatedAdd(ts, -lower)));
          lefts
              .get()
              .thenAccept(
                  ls -> {
                    for (Timestamped<L> l : ls) {
                      if (matches(l.timestamp(), ts)) {
                        context.emit(Change.insert(joiner.apply(l.row(), r)));
                      }
                    }
                  });
        }
      }

      @Override
      public void onTimer(long timestamp) {
        // The watermark reached timestamp: rows that can meet no record at or after it go.
        lefts.get().thenAccept(ls -> prune(lefts, ls, l -> saturatedAdd(l, upper) >= timestamp));
        rights.get().thenAccept(rs -> prune(rights, rs, r -> saturatedAdd(r, -lower) >= timestamp));
      }
    };
  }

  private boolean matches(long lt, long rt) {
    return rt >= saturatedAdd(lt, lower) && rt <= saturatedAdd(lt, upper);
  }

  private static <T> void prune(
      ListState<Timestamped<T>> state,
      List<Timestamped<T>> rows,
      java.util.function.LongPredicate keep) {
    List<Timestamped<T>> kept = new ArrayList<>(rows.size());
    for (Timestamped<T> row : rows) {
      if (keep.test(row.timestamp())) {
        kept.add(row);
      }
    }
    if (kept.size() != rows.size()) {
      state.update(kept);
    }
  }

  /**
   * The timer of a row whose last useful watermark is {@code at}: one past it (a record at the
   * watermark's own timestamp may still come).
   */
  private static long timerAfter(long at) {
    return saturatedAdd(at, 1);
  }

  /** {@code a + b}, clamped to the long range. */
  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return r;
  }
}
