package io.sediment.stream.window;

import io.sediment.stream.StateDescriptor;
import io.sediment.stream.StateFuture;
import io.sediment.stream.runtime.OperatorContext;
import java.util.List;

/**
 * What a window operator keeps per key and window, in a namespaced state of the store: an
 * accumulator ({@link AggregatingContents}) or the elements ({@link ListContents}). Used inside a
 * record of the operator instance, with the key current.
 *
 * @param <T> the element type
 * @param <K> the key type
 * @param <R> the output type
 */
interface WindowContents<T, K, R> {

  /** The state that holds the contents. */
  StateDescriptor<?> descriptor();

  /** An instance's view, bound to its context. */
  Bound<T, K, R> bind(OperatorContext<K, R> context);

  /** The contents of one instance. */
  interface Bound<T, K, R> {

    /** Adds {@code element} to the contents in {@code namespace}. */
    StateFuture<Void> add(TimeWindow namespace, T element);

    /**
     * The output for {@code window} of the current key, whose contents are in {@code namespace}, or
     * null when the window holds nothing (or the user function returned null).
     */
    StateFuture<R> result(TimeWindow window, TimeWindow namespace);

    /** Moves the contents of {@code from} into {@code to} (session windows merging). */
    StateFuture<Void> mergeInto(List<TimeWindow> from, TimeWindow to);

    /** Clears the contents in {@code namespace}. */
    StateFuture<Void> clear(TimeWindow namespace);
  }
}
