package io.sediment.stream.window;

import io.sediment.stream.StateFuture;
import io.sediment.stream.StateFutures;
import io.sediment.stream.ValueState;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.OutputTag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The processor of session windows. The key's windows are one value ({@link WindowSet}): each
 * element reads it, merges its own window {@code [t, t + gap)} with every window it overlaps or
 * touches (the windows of the set never do, so one pass finds them all), keeps the contents of the
 * first of them where they are and moves the others' into it, writes the set back and moves the
 * timers. A timer at {@code t} fires the windows ending at {@code t + 1} and clears those whose
 * cleanup time is {@code t}.
 */
final class SessionWindows<T, K, R> implements KeyedProcessor<T> {

  private final WindowAssigner assigner;
  private final WindowContents.Bound<T, K, R> contents;
  private final WindowTimers<K, R> timers;
  private final ValueState<TreeMap<TimeWindow, TimeWindow>> windowSet;
  private final OperatorContext<K, R> context;
  private final OutputTag<T> lateOutput;
  private final Runnable countLate;

  SessionWindows(
      WindowAssigner assigner,
      WindowContents.Bound<T, K, R> contents,
      WindowTimers<K, R> timers,
      ValueState<TreeMap<TimeWindow, TimeWindow>> windowSet,
      OperatorContext<K, R> context,
      OutputTag<T> lateOutput,
      Runnable countLate) {
    this.assigner = assigner;
    this.contents = contents;
    this.timers = timers;
    this.windowSet = windowSet;
    this.context = context;
    this.lateOutput = lateOutput;
    this.countLate = countLate;
  }

  @Override
  public void process(T element, long timestamp) {
    TimeWindow own = assigner.assignWindows(timers.elementTime(timestamp)).get(0);
    windowSet.value().thenAccept(stored -> add(element, own, stored));
  }

  private void add(T element, TimeWindow own, TreeMap<TimeWindow, TimeWindow> stored) {
    TreeMap<TimeWindow, TimeWindow> windows = stored == null ? new TreeMap<>() : stored;
    List<TimeWindow> overlapping = new ArrayList<>();
    TimeWindow merged = own;
    for (TimeWindow w : windows.keySet()) {
      if (w.intersects(own)) {
        overlapping.add(w);
        merged = merged.cover(w);
      }
    }
    if (timers.isLate(merged)) {
      FixedWindows.late(element, countLate, lateOutput, context);
      return;
    }
    TimeWindow namespace = overlapping.isEmpty() ? merged : windows.get(overlapping.get(0));
    List<TimeWindow> movedAway = new ArrayList<>();
    Set<Long> oldTimes = new HashSet<>();
    for (TimeWindow w : overlapping) {
      TimeWindow ns = windows.remove(w);
      if (!ns.equals(namespace)) {
        movedAway.add(ns);
      }
      timers.addTimes(w, oldTimes);
    }
    windows.put(merged, namespace);
    windowSet.update(windows);
    contents.add(namespace, element);
    StateFuture<Void> moved =
        movedAway.isEmpty()
            ? StateFutures.completed(null)
            : contents.mergeInto(movedAway, namespace);
    Set<Long> needed = new HashSet<>();
    windows.keySet().forEach(w -> timers.addTimes(w, needed));
    for (long t : oldTimes) {
      if (!needed.contains(t)) {
        timers.delete(t);
      }
    }
    timers.register(merged);
    if (timers.hasFired(merged)) {
      TimeWindow window = merged;
      moved.thenCompose(v -> contents.result(window, namespace)).thenAccept(this::emit);
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
    windowSet
        .value()
        .thenAccept(
            stored -> {
              if (stored == null) {
                return;
              }
              TreeMap<TimeWindow, TimeWindow> windows = new TreeMap<>(stored);
              boolean changed = false;
              for (Map.Entry<TimeWindow, TimeWindow> e : stored.entrySet()) {
                if (e.getKey().maxTimestamp() == t) {
                  contents.result(e.getKey(), e.getValue()).thenAccept(this::emit);
                }
                if (timers.cleanupTime(e.getKey()) == t) {
                  contents.clear(e.getValue());
                  windows.remove(e.getKey());
                  changed = true;
                }
              }
              if (changed) {
                if (windows.isEmpty()) {
                  windowSet.clear();
                } else {
                  windowSet.update(windows);
                }
              }
            });
  }

  private void emit(R result) {
    if (result != null) {
      context.emit(result);
    }
  }
}
