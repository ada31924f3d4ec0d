package io.sediment.stream;

import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The result of a state request, available later. There is no blocking {@code get()}: work that
 * needs the value is attached as a callback, and every callback runs on the task thread, in the
 * context (current key) of the record that issued the request. Registering a callback from another
 * thread throws {@link IllegalStateException}.
 *
 * <p>Callbacks attached to one future run in the order they were attached; a callback attached to a
 * completed future runs at once. A callback that throws fails the job ({@link
 * AsyncExecutionException}); there is no exceptional completion for user code to handle, as in
 * Flink.
 *
 * @param <T> the value's type
 */
public interface StateFuture<T> {

  /** A future of {@code fn} applied to this value. */
  <U> StateFuture<U> thenApply(Function<? super T, ? extends U> fn);

  /** A future completing after {@code action} has consumed this value. */
  StateFuture<Void> thenAccept(Consumer<? super T> action);

  /** A future of the future {@code fn} returns for this value. */
  <U> StateFuture<U> thenCompose(Function<? super T, ? extends StateFuture<U>> fn);

  /** A future of {@code fn} applied to this value and {@code other}'s, once both are there. */
  <U, V> StateFuture<V> thenCombine(
      StateFuture<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn);

  /** A future of {@code ifTrue} or {@code ifFalse} applied to this value, as {@code test} says. */
  <U> StateFuture<U> thenConditionallyApply(
      Predicate<? super T> test,
      Function<? super T, ? extends U> ifTrue,
      Function<? super T, ? extends U> ifFalse);

  /** A future completing after {@code ifTrue} or {@code ifFalse} consumed this value. */
  StateFuture<Void> thenConditionallyAccept(
      Predicate<? super T> test, Consumer<? super T> ifTrue, Consumer<? super T> ifFalse);

  /** A future of the future {@code ifTrue} or {@code ifFalse} returns, as {@code test} says. */
  <U> StateFuture<U> thenConditionallyCompose(
      Predicate<? super T> test,
      Function<? super T, ? extends StateFuture<U>> ifTrue,
      Function<? super T, ? extends StateFuture<U>> ifFalse);

  /** Whether the value is there (callbacks attached now run at once). */
  boolean isDone();
}
