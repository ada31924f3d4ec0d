package io.sediment.stream.window;

/**
 * Builds an output record of a window operator from the key, the window and the window's result.
 *
 * @param <K> the key type
 * @param <V> the window's result type
 * @param <R> the output type
 */
@FunctionalInterface
public interface WindowResult<K, V, R> {

  /**
   * The output for {@code key}'s {@code window}, whose result is {@code value}; null emits nothing.
   */
  R build(K key, TimeWindow window, V value);
}
