package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.stream.StateDescriptor;

/**
 * What an operator instance reaches: its states, the current key, its output and event-time timers.
 * Used on the instance's task thread only; the methods that need a key ({@link #currentKey}, {@link
 * #registerEventTimeTimer}) work inside a record body or state callback only.
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

  /** The watermark: every record with a smaller timestamp has arrived. Long.MIN_VALUE at first. */
  long currentWatermark();

  /** This instance's index, in {@code [0, parallelism)}. */
  int instance();

  /** The key groups this instance holds. */
  KeyGroupRange keyGroups();
}
