package io.sediment.stream.window;

import io.sediment.stream.runtime.OperatorContext;
import java.util.Set;

/**
 * A window operator's view of time for one instance: the current time of its domain, each window's
 * cleanup time and lateness, and the timers (of the current key) that fire and clean windows.
 */
final class WindowTimers<K, R> {

  private final OperatorContext<K, R> context;
  private final boolean eventTime;
  private final long lateness;

  WindowTimers(OperatorContext<K, R> context, boolean eventTime, long lateness) {
    this.context = context;
    this.eventTime = eventTime;
    this.lateness = lateness;
  }

  boolean isEventTime() {
    return eventTime;
  }

  /** The time of an element processed now: its timestamp, or the clock for processing time. */
  long elementTime(long timestamp) {
    return eventTime ? timestamp : context.currentProcessingTime();
  }

  /** When {@code window}'s state goes: its end plus the allowed lateness (event time). */
  long cleanupTime(TimeWindow window) {
    return eventTime
        ? WindowAssigner.saturatedAdd(window.maxTimestamp(), lateness)
        : window.maxTimestamp();
  }

  /** Whether {@code window} is past its lateness: elements for it are dropped. */
  boolean isLate(TimeWindow window) {
    return eventTime && cleanupTime(window) <= context.currentWatermark();
  }

  /** Whether {@code window} has fired already, so an element added now fires it again at once. */
  boolean hasFired(TimeWindow window) {
    return eventTime && window.maxTimestamp() <= context.currentWatermark();
  }

  /** Registers the timers of {@code window}: its firing (unless it has fired) and its cleanup. */
  void register(TimeWindow window) {
    if (!eventTime) {
      context.registerProcessingTimeTimer(window.maxTimestamp());
      return;
    }
    if (!hasFired(window)) {
      context.registerEventTimeTimer(window.maxTimestamp());
    }
    context.registerEventTimeTimer(cleanupTime(window));
  }

  /** Adds the times of {@code window}'s timers to {@code times}. */
  void addTimes(TimeWindow window, Set<Long> times) {
    times.add(window.maxTimestamp());
    times.add(cleanupTime(window));
  }

  /** Deletes the current key's timer at {@code time}. */
  void delete(long time) {
    if (eventTime) {
      context.deleteEventTimeTimer(time);
    } else {
      context.deleteProcessingTimeTimer(time);
    }
  }
}
