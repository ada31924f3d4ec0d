package io.sediment.flink;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import java.io.IOException;
import java.util.UUID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.Environment;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.AsyncKeyedStateBackend;
import org.apache.flink.runtime.state.BackendBuildingException;
import org.apache.flink.runtime.state.DefaultOperatorStateBackendBuilder;
import org.apache.flink.runtime.state.InternalKeyContextImpl;
import org.apache.flink.runtime.state.OperatorStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.hadoop.conf.Configuration;

/**
 * A Flink state backend whose keyed state lives in Sediment stores: one store per keyed operator
 * instance, under {@code state.backend.sediment.primary-dir}. Checkpoints reference the stores'
 * files in place and upload only metadata; restore opens a new store directly on a checkpoint's
 * files, also at another parallelism. Operator (non-keyed) state is kept on the heap, as with every
 * Flink backend.
 *
 * <p>Created by {@link SedimentStateBackendFactory}; see {@link SedimentOptions} for the
 * configuration. Savepoints: native format only.
 */
public final class SedimentStateBackend implements StateBackend {

  private static final long serialVersionUID = 1L;

  private final StoreSettings settings;

  SedimentStateBackend(StoreSettings settings) {
    this.settings = settings;
  }

  /** The directory under which working stores live. */
  public String primaryDir() {
    return settings.primaryDir();
  }

  @Override
  public String getName() {
    return "SedimentStateBackend";
  }

  /**
   * Opens (or restores) the instance's store and its checkpoint storage.
   *
   * @throws BackendBuildingException naming the store directory if it cannot be opened or restored
   */
  @Override
  public <K> AbstractKeyedStateBackend<K> createKeyedStateBackend(
      KeyedStateBackendParameters<K> parameters) throws BackendBuildingException {
    return open(parameters);
  }

  /** State V2 runs on this backend: its requests run in batches on the instance's store. */
  @Override
  public boolean supportsAsyncKeyedStateBackend() {
    return true;
  }

  /**
   * Opens (or restores) the instance's store as {@link #createKeyedStateBackend} does and serves
   * State V2 on it: same store, key layout, checkpoints and restore as State V1.
   *
   * @throws BackendBuildingException naming the store directory if it cannot be opened or restored
   */
  @Override
  public <K> AsyncKeyedStateBackend<K> createAsyncKeyedStateBackend(
      KeyedStateBackendParameters<K> parameters) throws BackendBuildingException {
    return new SedimentAsyncKeyedStateBackend<>(open(parameters));
  }

  private <K> SedimentKeyedStateBackend<K> open(KeyedStateBackendParameters<K> parameters)
      throws BackendBuildingException {
    Environment env = parameters.getEnv();
    UUID id = UUID.randomUUID();
    org.apache.flink.runtime.state.KeyGroupRange flinkRange = parameters.getKeyGroupRange();
    KeyGroupRange range =
        KeyGroupRange.of(flinkRange.getStartKeyGroup(), flinkRange.getEndKeyGroup());
    int maxParallelism = parameters.getNumberOfKeyGroups();
    String instance = sanitize(parameters.getOperatorIdentifier()) + "-" + id;
    String dir = settings.primaryDir() + "/" + parameters.getJobID() + "/" + instance;
    DbOptions options = settings.dbOptions(dir, instance, range, maxParallelism);
    Db db = null;
    SedimentCheckpoints checkpoints = null;
    try {
      db = StoreOpener.open(options, parameters.getStateHandles());
      checkpoints =
          SedimentCheckpoints.open(settings.checkpointRoot() + "/" + instance, new Configuration());
      if (!parameters.getStateHandles().isEmpty()) {
        checkpoints.protectRestoredFiles(db);
      }
      return new SedimentKeyedStateBackend<>(
          parameters.getKvStateRegistry(),
          parameters.getKeySerializer(),
          env.getUserCodeClassLoader().asClassLoader(),
          env.getExecutionConfig(),
          parameters.getTtlTimeProvider(),
          parameters.getCancelStreamRegistry(),
          new InternalKeyContextImpl<>(flinkRange, maxParallelism),
          id,
          db,
          options,
          checkpoints);
    } catch (IOException | RuntimeException e) {
      closeQuietly(db, checkpoints, e);
      throw new BackendBuildingException("cannot open the Sediment store in " + dir + ": " + e, e);
    }
  }

  private static void closeQuietly(Db db, SedimentCheckpoints checkpoints, Exception cause) {
    try {
      if (db != null) {
        db.close();
      }
      if (checkpoints != null) {
        checkpoints.close();
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Operator state stays on the heap (Flink's default operator state backend). */
  @Override
  public OperatorStateBackend createOperatorStateBackend(OperatorStateBackendParameters parameters)
      throws Exception {
    Environment env = parameters.getEnv();
    return new DefaultOperatorStateBackendBuilder(
            env.getUserCodeClassLoader().asClassLoader(),
            env.getExecutionConfig(),
            true,
            parameters.getStateHandles(),
            parameters.getCancelStreamRegistry())
        .build();
  }

  @Override
  public boolean supportsNoClaimRestoreMode() {
    return true;
  }

  @Override
  public boolean supportsSavepointFormat(SavepointFormatType formatType) {
    return formatType == SavepointFormatType.NATIVE;
  }

  private static String sanitize(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
    }
    return b.length() > 80 ? b.substring(0, 80) : b.toString();
  }
}
