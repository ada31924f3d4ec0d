package io.sediment.stream.runtime;

/**
 * One operator instance's record and timer logic. Both methods run inside a record of the
 * instance's {@link io.sediment.stream.ExecutionController}, with the record's key current: they
 * use the asynchronous state API (every state call returns at once; its callbacks run later, with
 * the same key current) and may emit output and register timers from the body or any callback. An
 * exception thrown fails the job.
 *
 * @param <T> the input record type
 */
public interface KeyedProcessor<T> {

  /** Processes {@code record}, whose event time is {@code timestamp}. */
  void process(T record, long timestamp);

  /**
   * An event-time timer of the current key fired: the watermark passed {@code timestamp}. Does
   * nothing by default.
   */
  default void onTimer(long timestamp) {}
}
