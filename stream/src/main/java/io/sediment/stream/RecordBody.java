package io.sediment.stream;

/**
 * The task-thread part of one record's work: it runs with the record's key as the current key,
 * reads and writes keyed state through {@link StateFuture}s and must not block.
 */
@FunctionalInterface
public interface RecordBody {

  /**
   * Runs the record's CPU work and issues its state requests.
   *
   * @throws Exception anything; the controller fails the job with it
   */
  void run() throws Exception;
}
