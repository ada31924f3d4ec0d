package io.sediment.stream.operators;

import io.sediment.stream.Serializer;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.StateTtl;
import io.sediment.stream.ValueState;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.util.List;

/**
 * Deduplication per key, in one of Flink's two forms:
 *
 * <ul>
 *   <li><b>keep first</b> ({@link #keepFirst}): the first row of each key is emitted as {@code +I};
 *       every later row of the key is dropped. State: a marker per key (the first row's event
 *       time). The output is append-only;
 *   <li><b>keep last</b> ({@link #keepLast}): the result is the latest row of each key, as a
 *       changelog: the first row is {@code +I row}, each later one {@code -U previous} then {@code
 *       +U row}. State: the latest row per key.
 * </ul>
 *
 * "First" and "last" are in arrival order (processing order per key, which the runtime keeps). With
 * {@link #withStateTtl}, a key's state expires a fixed time after it was last written: keep first
 * then emits a key again once its marker expired (Flink's behaviour), keep last starts again with
 * {@code +I}.
 *
 * @param <T> the row type
 * @param <K> the key type
 */
public final class Deduplicate<T, K> implements KeyedOperator<T, K, Change<T>> {

  private final boolean keepLast;
  private final StateDescriptor<ValueState<Long>> firstSeen;
  private final StateDescriptor<ValueState<T>> latest;

  private Deduplicate(
      boolean keepLast,
      StateDescriptor<ValueState<Long>> firstSeen,
      StateDescriptor<ValueState<T>> latest) {
    this.keepLast = keepLast;
    this.firstSeen = firstSeen;
    this.latest = latest;
  }

  /**
   * Keeps the first row of each key; its state is named {@code <name>.first-seen}.
   *
   * @throws IllegalArgumentException if the name is null or blank
   */
  public static <T, K> Deduplicate<T, K> keepFirst(String name) {
    if (name == null) {
      throw new IllegalArgumentException("name must not be null");
    }
    return new Deduplicate<>(
        false, StateDescriptor.value(name + ".first-seen", Serializers.longs()), null);
  }

  /**
   * Keeps the last row of each key; its state is named {@code <name>.latest}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static <T, K> Deduplicate<T, K> keepLast(String name, Serializer<T> rows) {
    if (name == null) {
      throw new IllegalArgumentException("name must not be null");
    }
    return new Deduplicate<>(true, null, StateDescriptor.value(name + ".latest", rows));
  }

  /**
   * This deduplication with each key's state expiring {@code ttl} after its last write.
   *
   * @throws IllegalArgumentException if {@code ttl} is null
   */
  public Deduplicate<T, K> withStateTtl(StateTtl ttl) {
    return keepLast
        ? new Deduplicate<>(true, null, latest.withTtl(ttl))
        : new Deduplicate<>(false, firstSeen.withTtl(ttl), null);
  }

  @Override
  public List<StateDescriptor<?>> states() {
    return List.of(keepLast ? latest : firstSeen);
  }

  @Override
  public KeyedProcessor<T> open(OperatorContext<K, Change<T>> context) {
    if (!keepLast) {
      ValueState<Long> seen = context.state(firstSeen);
      return (row, ts) ->
          seen.value()
              .thenAccept(
                  first -> {
                    if (first == null) {
                      seen.update(ts);
                      context.emit(Change.insert(row));
                    }
                  });
    }
    ValueState<T> last = context.state(latest);
    return (row, ts) ->
        last.value()
            .thenAccept(
                previous -> {
                  last.update(row);
                  if (previous == null) {
                    context.emit(Change.insert(row));
                  } else {
                    context.emit(Change.updateBefore(previous));
                    context.emit(Change.updateAfter(row));
                  }
                });
  }
}
