package io.sediment.stream;

/**
 * The job failed: a record body, a state callback, an epoch action, a serializer or a state request
 * threw. {@link #getCause()} is the first failure; every later call to the controller throws an
 * exception with the same cause, and nothing the controller had buffered is written.
 */
public final class AsyncExecutionException extends RuntimeException {

  /**
   * @param message what the controller was doing
   * @param cause the first failure
   */
  public AsyncExecutionException(String message, Throwable cause) {
    super(message + ": " + cause, cause);
  }
}
