package io.sediment.stream.window;

import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.OutputTag;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A keyed window operator (Flink's {@code WindowOperator} with the default triggers): elements go
 * to the windows a {@link WindowAssigner} gives them, and each window of each key emits its result
 * once its end passes (the watermark for event time, the runtime's clock for processing time). All
 * state is in the instance's store, so it is checkpointed, restored and rescaled with the job.
 *
 * <p><b>Contents.</b> {@link #aggregate} keeps one accumulator per key and window in an aggregating
 * state with the window as namespace: an element is added as a merge operand, without reading
 * state, and the window's result is read once, when it fires. {@link #process} keeps the elements
 * in a list state (appends, no read) and hands them all to a {@link WindowFunction} when the window
 * fires.
 *
 * <p><b>Firing and lateness.</b> A window fires at its {@link TimeWindow#maxTimestamp()} (a timer
 * of the key at that time). With an allowed lateness {@code L} (event time only), a window's state
 * stays until the watermark passes {@code maxTimestamp + L}; an element that arrives for it after
 * it fired (late, but within the lateness) is added and the window fires again at once, with the
 * updated result. An element all of whose windows are past their lateness is dropped, or sent to
 * the late-data side output if one is set ({@link #withLateOutput}); either way it is counted
 * ({@link #lateRecords()}).
 *
 * <p><b>Cleanup.</b> Each window's contents are cleared, and its timers gone, once its end plus the
 * allowed lateness has passed: a job whose input ended holds no window state.
 *
 * <p><b>Timers</b> identify windows by time. For tumbling and sliding windows the time names the
 * window (one window ends at a given time); a timer at {@code t} fires the window whose last
 * timestamp is {@code t} and clears the one whose cleanup time is {@code t}. Session windows keep
 * the key's set of windows in a value state ({@code <name>/windows}), read on every element and
 * timer of the key; a new element's window merges with every window it overlaps or touches, the
 * merged window keeps the contents of one of them and the others' are moved into it (read and
 * added: accumulators merge), and the timers of windows merged away are deleted.
 *
 * <p>Output: {@link WindowResult} or {@link WindowFunction} builds the output record from the key,
 * the window and the result. Its configuration is immutable: the {@code with...} methods give new
 * operators (each with a late-record count of its own).
 *
 * @param <T> the element type
 * @param <K> the key type
 * @param <R> the output type
 */
public final class WindowOperator<T, K, R> implements KeyedOperator<T, K, R> {

  private final String name;
  private final WindowAssigner assigner;
  private final WindowContents<T, K, R> contents;
  private final long allowedLateness;
  private final OutputTag<T> lateOutput;
  private final StateDescriptor<ValueState<TreeMap<TimeWindow, TimeWindow>>> windowSet;
  private final AtomicLong lateRecords = new AtomicLong();

  private WindowOperator(
      String name,
      WindowAssigner assigner,
      WindowContents<T, K, R> contents,
      long allowedLateness,
      OutputTag<T> lateOutput) {
    this.name = name;
    this.assigner = assigner;
    this.contents = contents;
    this.allowedLateness = allowedLateness;
    this.lateOutput = lateOutput;
    this.windowSet =
        assigner.isMerging()
            ? StateDescriptor.value(name + "/windows", WindowSet.SERIALIZER)
            : null;
  }

  /**
   * Windows whose result is {@code function}'s aggregate of their elements, built into the output
   * by {@code result}. State is named {@code <name>/contents} (and {@code <name>/windows} for
   * sessions).
   *
   * @throws IllegalArgumentException if the name is blank or an argument null
   */
  public static <T, K, A, O, R> WindowOperator<T, K, R> aggregate(
      String name,
      WindowAssigner assigner,
      AggregateFunction<T, A, O> function,
      WindowResult<K, O, R> result) {
    check(name, assigner);
    if (function == null || result == null) {
      throw new IllegalArgumentException("function and result must not be null");
    }
    return new WindowOperator<>(
        name, assigner, new AggregatingContents<>(name + "/contents", function, result), 0, null);
  }

  /**
   * Windows whose output {@code function} computes from all their elements, kept (serialized by
   * {@code elements}) until the window fires.
   *
   * @throws IllegalArgumentException if the name is blank or an argument null
   */
  public static <T, K, R> WindowOperator<T, K, R> process(
      String name,
      WindowAssigner assigner,
      Serializer<T> elements,
      WindowFunction<T, K, R> function) {
    check(name, assigner);
    if (elements == null || function == null) {
      throw new IllegalArgumentException("elements and function must not be null");
    }
    return new WindowOperator<>(
        name, assigner, new ListContents<>(name + "/contents", elements, function), 0, null);
  }

  private static void check(String name, WindowAssigner assigner) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank: '" + name + "'");
    }
    if (assigner == null) {
      throw new IllegalArgumentException("assigner must not be null");
    }
  }

  /**
   * This operator keeping event-time windows for {@code lateness} after their end, firing again for
   * each late element.
   *
   * @throws IllegalArgumentException if {@code lateness} is null or negative, or not zero for
   *     processing-time windows
   */
  public WindowOperator<T, K, R> withAllowedLateness(Duration lateness) {
    if (lateness == null || lateness.isNegative()) {
      throw new IllegalArgumentException("lateness must not be null or negative: " + lateness);
    }
    if (!assigner.isEventTime() && !lateness.isZero()) {
      throw new IllegalArgumentException(
          "processing-time windows have no lateness: " + lateness + " for " + assigner);
    }
    return new WindowOperator<>(name, assigner, contents, lateness.toMillis(), lateOutput);
  }

  /**
   * This operator sending elements that are too late for every window they belong to to side output
   * {@code tag} (instead of dropping them).
   *
   * @throws IllegalArgumentException if {@code tag} is null
   */
  public WindowOperator<T, K, R> withLateOutput(OutputTag<T> tag) {
    if (tag == null) {
      throw new IllegalArgumentException("tag must not be null");
    }
    return new WindowOperator<>(name, assigner, contents, allowedLateness, tag);
  }

  /** The assigner. */
  public WindowAssigner assigner() {
    return assigner;
  }

  /** The allowed lateness in milliseconds. */
  public long allowedLatenessMillis() {
    return allowedLateness;
  }

  /**
   * Elements too late for all their windows, dropped or sent to the late output, counted over the
   * operator's instances in this JVM since it was created (not restored with state).
   */
  public long lateRecords() {
    return lateRecords.get();
  }

  @Override
  public List<StateDescriptor<?>> states() {
    return windowSet == null
        ? List.of(contents.descriptor())
        : List.of(contents.descriptor(), windowSet);
  }

  @Override
  public List<OutputTag<?>> sideOutputs() {
    return lateOutput == null ? List.of() : List.of(lateOutput);
  }

  @Override
  public KeyedProcessor<T> open(OperatorContext<K, R> context) {
    WindowContents.Bound<T, K, R> bound = contents.bind(context);
    WindowTimers<K, R> timers =
        new WindowTimers<>(context, assigner.isEventTime(), allowedLateness);
    Runnable late = lateRecords::incrementAndGet;
    return assigner.isMerging()
        ? new SessionWindows<>(
            assigner, bound, timers, context.state(windowSet), context, lateOutput, late)
        : new FixedWindows<>(assigner, bound, timers, context, lateOutput, late, allowedLateness);
  }

  @Override
  public String toString() {
    return "WindowOperator[" + name + ", " + assigner + ", lateness " + allowedLateness + " ms]";
  }
}
