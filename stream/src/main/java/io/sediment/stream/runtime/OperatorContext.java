package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.stream.NamespacedState;
import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;

/**
 * What an operator instance reaches: its states, the current key, its output, side outputs, and
 * timers in two time domains: event time (fired as the watermark passes them) and processing time
 * (fired as the runtime's clock, {@link RuntimeSettings#clock()}, passes them). Used on the
 * instance's task thread only; the methods that need a key ({@link #currentKey} and the timer
 * methods) work inside a record body or state callback only.
 *
 * @param <K> the key type
 * @param <R> the output type
 */
public interface OperatorContext<K, R> {

  /**
   * The state {@code descriptor} declares (one of {@link KeyedOperator#states()}).
   *
   * @throws IllegalArgumentException if the operator did not declare it
   */
  <S> S state(StateDescriptor<S> descriptor);

  /**
   * The state {@code descriptor} declares, in namespaces (windows, say) serialized by {@code
   * namespaces}.
   *
   * @throws IllegalArgumentException if an argument is null or the operator did not declare it
   */
  <N, S> NamespacedState<N, S> state(StateDescriptor<S> descriptor, Serializer<N> namespaces);

  /**
   * The key of the running record or timer.
   *
   * @throws IllegalStateException outside a record body or callback
   */
  K currentKey();

  /**
   * Emits {@code record} to the sink; it becomes visible when the next checkpoint is committed.
   *
   * @throws IllegalArgumentException if {@code record} is null
   * @throws java.io.UncheckedIOException if the sink cannot take it (the job fails)
   */
  void emit(R record);

  /**
   * Registers an event-time timer of the current key: {@link KeyedProcessor#onTimer} runs for it
   * once the watermark reaches {@code timestamp} (at the next watermark, if it already has). One
   * timer per key and timestamp: registering it again does nothing. Timers are kept in the
   * instance's store, so they are checkpointed, restored and rescaled with its state.
   *
   * @throws IllegalStateException outside a record body or callback
   * @throws java.io.UncheckedIOException if the store cannot record it (the job fails)
   */
  void registerEventTimeTimer(long timestamp);

  /**
   * Deletes the current key's event-time timer at {@code timestamp}, if it is registered and has
   * not fired.
   *
   * @throws IllegalStateException outside a record body or callback
   * @throws java.io.UncheckedIOException if the store cannot record it (the job fails)
   */
  void deleteEventTimeTimer(long timestamp);

  /**
   * Registers a processing-time timer of the current key: {@link KeyedProcessor#onProcessingTime}
   * runs for it once the runtime's clock reaches {@code timestamp} (soon, if it already has). One
   * timer per key and timestamp; kept in the store like event-time timers, so a restored job fires
   * the timers of its checkpoint once its clock reaches them.
   *
   * @throws IllegalStateException outside a record body or callback
   * @throws java.io.UncheckedIOException if the store cannot record it (the job fails)
   */
  void registerProcessingTimeTimer(long timestamp);

  /**
   * Deletes the current key's processing-time timer at {@code timestamp}, if it is registered and
   * has not fired.
   *
   * @throws IllegalStateException outside a record body or callback
   * @throws java.io.UncheckedIOException if the store cannot record it (the job fails)
   */
  void deleteProcessingTimeTimer(long timestamp);

  /** The runtime's clock, in milliseconds ({@link RuntimeSettings#clock()}). */
  long currentProcessingTime();

  /**
   * Emits {@code record} to side output {@code tag}: to the tag's sink if the job gives one
   * (visible with the commit of the next completed checkpoint, as the main output), nowhere
   * otherwise.
   *
   * @throws IllegalArgumentException if an argument is null or the operator does not declare {@code
   *     tag}
   * @throws java.io.UncheckedIOException if the sink cannot take it (the job fails)
   */
  <X> void output(OutputTag<X> tag, X record);

  /**
   * The watermark: every record with a timestamp at or before it has arrived (a record at or before
   * it is late). Long.MIN_VALUE at first.
   */
  long currentWatermark();

  /** This instance's index, in {@code [0, parallelism)}. */
  int instance();

  /** The key groups this instance holds. */
  KeyGroupRange keyGroups();
}
