package io.sediment.lsm.internal.version;

import java.io.IOException;

/**
 * Makes a new state of a {@link VersionSet} durable before it becomes current (the manifest). A
 * failed publish leaves the previously published state in force.
 */
@FunctionalInterface
public interface StatePublisher {

  /**
   * Durably records {@code state}.
   *
   * @throws IOException naming the file if the state could not be recorded
   */
  void publish(VersionState state) throws IOException;
}
