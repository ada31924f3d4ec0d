package io.sediment.stream.internal;

import io.sediment.stream.StateFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A single-threaded future: created, completed and given callbacks on one thread (the task thread
 * that created it), which every method checks. Completing runs the callbacks in the order they were
 * attached, on the completing call's stack; an exception from a callback propagates to the caller
 * of {@link #complete}, which fails the job.
 *
 * @param <T> the value's type
 */
public final class StateFutureImpl<T> implements StateFuture<T> {

  private final Thread owner = Thread.currentThread();
  private boolean done;
  private T value;
  private List<Consumer<? super T>> callbacks;

  /**
   * Sets the value and runs the callbacks.
   *
   * @throws IllegalStateException if already completed, or called off the owning thread
   */
  public void complete(T result) {
    checkThread();
    if (done) {
      throw new IllegalStateException("state future completed twice");
    }
    done = true;
    value = result;
    List<Consumer<? super T>> toRun = callbacks;
    callbacks = null;
    if (toRun != null) {
      for (Consumer<? super T> c : toRun) {
        c.accept(result);
      }
    }
  }

  /** Runs {@code callback} with the value: now if done, else when completed. */
  public void whenDone(Consumer<? super T> callback) {
    checkThread();
    if (done) {
      callback.accept(value);
      return;
    }
    if (callbacks == null) {
      callbacks = new ArrayList<>(1);
    }
    callbacks.add(callback);
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public <U> StateFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    StateFutureImpl<U> next = new StateFutureImpl<>();
    whenDone(v -> next.complete(fn.apply(v)));
    return next;
  }

  @Override
  public StateFuture<Void> thenAccept(Consumer<? super T> action) {
    StateFutureImpl<Void> next = new StateFutureImpl<>();
    whenDone(
        v -> {
          action.accept(v);
          next.complete(null);
        });
    return next;
  }

  @Override
  public <U> StateFuture<U> thenCompose(Function<? super T, ? extends StateFuture<U>> fn) {
    StateFutureImpl<U> next = new StateFutureImpl<>();
    whenDone(v -> of(fn.apply(v)).whenDone(next::complete));
    return next;
  }

  @Override
  public <U, V> StateFuture<V> thenCombine(
      StateFuture<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    StateFutureImpl<V> next = new StateFutureImpl<>();
    StateFutureImpl<? extends U> o = of(other);
    whenDone(a -> o.whenDone(b -> next.complete(fn.apply(a, b))));
    return next;
  }

  @Override
  public <U> StateFuture<U> thenConditionallyApply(
      Predicate<? super T> test,
      Function<? super T, ? extends U> ifTrue,
      Function<? super T, ? extends U> ifFalse) {
    return thenApply(v -> test.test(v) ? ifTrue.apply(v) : ifFalse.apply(v));
  }

  @Override
  public StateFuture<Void> thenConditionallyAccept(
      Predicate<? super T> test, Consumer<? super T> ifTrue, Consumer<? super T> ifFalse) {
    return thenAccept(
        v -> {
          if (test.test(v)) {
            ifTrue.accept(v);
          } else {
            ifFalse.accept(v);
          }
        });
  }

  @Override
  public <U> StateFuture<U> thenConditionallyCompose(
      Predicate<? super T> test,
      Function<? super T, ? extends StateFuture<U>> ifTrue,
      Function<? super T, ? extends StateFuture<U>> ifFalse) {
    return thenCompose(v -> test.test(v) ? ifTrue.apply(v) : ifFalse.apply(v));
  }

  /**
   * The implementation behind {@code future}.
   *
   * @throws IllegalArgumentException if it is null or not made by this layer
   */
  @SuppressWarnings("unchecked")
  public static <U> StateFutureImpl<U> of(StateFuture<U> future) {
    if (future instanceof StateFutureImpl<?> f) {
      return (StateFutureImpl<U>) f;
    }
    throw new IllegalArgumentException(
        "not a state future of this layer (a callback must return a StateFuture it was given): "
            + future);
  }

  private void checkThread() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "state futures are used on the task thread "
              + owner.getName()
              + " only, not on "
              + Thread.currentThread().getName());
    }
  }

  @Override
  public String toString() {
    return done ? "StateFuture[" + value + "]" : "StateFuture[pending]";
  }
}
