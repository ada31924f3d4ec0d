package io.sediment.fuzz;

import io.sediment.lsm.DbSettings;
import java.io.IOException;

/**
 * Opens fresh, empty stores of one configuration: every call gives a new store in a new directory,
 * so runs never see each other's data. The {@link #name()} identifies the configuration in reports.
 */
public interface StoreFactory {

  /** A short name of the configuration, printed with every failure. */
  String name();

  /**
   * A new empty store; the caller closes it.
   *
   * @throws IOException if the store cannot be created
   */
  KvStore open() throws IOException;

  /** Whether the stores support {@link KvStore#crash()}; logs with crashes run only on those. */
  boolean supportsCrash();

  /**
   * Whether the stores support checkpoints ({@link KvStore#supportsCheckpoints()}); logs with
   * checkpoint, discard or restore ops run only on those.
   */
  default boolean supportsCheckpoints() {
    return false;
  }

  /**
   * The engine settings of the stores, printed with failures so that they can be replayed; null
   * when the stores are not engine stores.
   */
  default DbSettings settings() {
    return null;
  }
}
