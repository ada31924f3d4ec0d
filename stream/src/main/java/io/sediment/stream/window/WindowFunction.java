package io.sediment.stream.window;

import java.util.List;

/**
 * A full-window function: when a window fires, it gets every element of the window (kept in list
 * state until then) and gives the output record.
 *
 * @param <T> the element type
 * @param <K> the key type
 * @param <R> the output type
 */
@FunctionalInterface
public interface WindowFunction<T, K, R> {

  /**
   * The output for {@code key}'s {@code window} holding {@code elements} (never empty; in arrival
   * order for tumbling and sliding windows, in no set order for a session that merged); null emits
   * nothing.
   */
  R apply(K key, TimeWindow window, List<T> elements);
}
