package io.sediment.stream;

/**
 * A state in several namespaces (one per window, say): {@link #in} gives a view of the state in one
 * namespace, for the current key. Views are cheap; the same state type's methods apply.
 *
 * @param <N> the namespace type
 * @param <S> the state type ({@link ValueState}, {@link ListState}, ...)
 */
public interface NamespacedState<N, S> {

  /**
   * The state in {@code namespace}.
   *
   * @throws IllegalArgumentException if {@code namespace} is null
   */
  S in(N namespace);
}
