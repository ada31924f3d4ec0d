package io.sediment.stream.runtime;

/**
 * One operator instance's record and timer logic. Every method runs inside a record of the
 * instance's {@link io.sediment.stream.ExecutionController}, with the record's (or timer's) key
 * current: they use the asynchronous state API (every state call returns at once; its callbacks run
 * later, with the same key current) and may emit output and register or delete timers from the body
 * or any callback. An exception thrown fails the job.
 *
 * <p>Timers of an instance fire on its task thread in timestamp order within each time domain;
 * those of one key run in the key's order with its records.
 *
 * @param <T> the input record type
 */
public interface KeyedProcessor<T> {

  /** Processes {@code record}, whose event time is {@code timestamp}. */
  void process(T record, long timestamp);

  /**
   * An event-time timer of the current key fired: the watermark reached {@code timestamp}. Does
   * nothing by default.
   */
  default void onTimer(long timestamp) {}

  /**
   * A processing-time timer of the current key fired: the runtime's clock reached {@code
   * timestamp}. Does nothing by default.
   */
  default void onProcessingTime(long timestamp) {}
}
