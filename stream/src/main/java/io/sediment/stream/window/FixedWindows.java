package io.sediment.stream.window;

import io.sediment.stream.StateFuture;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.OutputTag;

/**
 * The processor of tumbling and sliding windows. An element is added to each of its windows that is
 * not past its lateness (a merge each, no read) and the windows' timers are registered; a window
 * that had fired fires again at once. A timer at {@code t} fires the window ending at {@code t + 1}
 * (if it holds anything) and clears the window whose cleanup time is {@code t}: with fixed-size
 * windows a time names at most one of each.
 */
final class FixedWindows<T, K, R> implements KeyedProcessor<T> {

  private final WindowAssigner assigner;
  private final WindowContents.Bound<T, K, R> contents;
  private final WindowTimers<K, R> timers;
  private final OperatorContext<K, R> context;
  private final OutputTag<T> lateOutput;
  private final Runnable countLate;
  private final long lateness;

  FixedWindows(
      WindowAssigner assigner,
      WindowContents.Bound<T, K, R> contents,
      WindowTimers<K, R> timers,
      OperatorContext<K, R> context,
      OutputTag<T> lateOutput,
      Runnable countLate,
      long lateness) {
    this.assigner = assigner;
    this.contents = contents;
    this.timers = timers;
    this.context = context;
    this.lateOutput = lateOutput;
    this.countLate = countLate;
    this.lateness = lateness;
  }

  @Override
  public void process(T element, long timestamp) {
    boolean added = false;
    for (TimeWindow w : assigner.assignWindows(timers.elementTime(timestamp))) {
      if (timers.isLate(w)) {
        continue;
      }
      added = true;
      contents.add(w, element);
      timers.register(w);
      if (timers.hasFired(w)) {
        emit(contents.result(w, w));
      }
    }
    if (!added) {
      late(element, countLate, lateOutput, context);
    }
  }

  @Override
  public void onTimer(long timestamp) {
    if (timers.isEventTime()) {
      onTime(timestamp);
    }
  }

  @Override
  public void onProcessingTime(long timestamp) {
    if (!timers.isEventTime()) {
      onTime(timestamp);
    }
  }

  private void onTime(long t) {
    TimeWindow fire = assigner.windowWithMaxTimestamp(t);
    if (fire != null) {
      emit(contents.result(fire, fire));
    }
    TimeWindow gone =
        !timers.isEventTime() || lateness == 0
            ? fire
            : t == Long.MAX_VALUE || t - lateness > t
                ? null
                : assigner.windowWithMaxTimestamp(t - lateness);
    if (gone != null) {
      contents.clear(gone);
    }
  }

  private void emit(StateFuture<R> result) {
    result.thenAccept(
        r -> {
          if (r != null) {
            context.emit(r);
          }
        });
  }

  /** Counts a late element and sends it to the late output, if there is one. */
  static <T> void late(
      T element, Runnable countLate, OutputTag<T> lateOutput, OperatorContext<?, ?> context) {
    countLate.run();
    if (lateOutput != null) {
      context.output(lateOutput, element);
    }
  }
}
