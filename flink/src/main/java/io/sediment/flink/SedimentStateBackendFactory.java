package io.sediment.flink;

import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.StateBackendFactory;

/**
 * Creates the {@link SedimentStateBackend} from a Flink configuration; what {@code
 * state.backend.type: io.sediment.flink.SedimentStateBackendFactory} selects. The options are those
 * of {@link SedimentOptions}.
 */
public final class SedimentStateBackendFactory
    implements StateBackendFactory<SedimentStateBackend> {

  /** The zero-argument constructor Flink instantiates the factory with. */
  public SedimentStateBackendFactory() {}

  /**
   * Reads and checks the configuration.
   *
   * @throws IllegalConfigurationException naming the option if a value is unknown or malformed, if
   *     neither {@code state.backend.sediment.primary-dir} nor {@code execution.checkpointing.dir}
   *     is set, or if the primary directory cannot be created and written
   */
  @Override
  public SedimentStateBackend createFromConfig(ReadableConfig config, ClassLoader classLoader) {
    return new SedimentStateBackend(StoreSettingsParser.parse(config));
  }
}
