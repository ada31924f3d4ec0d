package io.sediment.stream.runtime;

import io.sediment.lsm.DbOptions;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a job keeps things. Under {@code jobUri}: the completed-checkpoint metadata ({@code
 * completed-<n>}), the run markers ({@code attempt-<n>}) and the checkpoint storage ({@code
 * storage/}). Under {@code stateUri}: each run's stores, {@code attempt-<n>/instance-<i>}. Both are
 * any Hadoop file-system URI and may be the same; they are the job's for its whole life (a restart
 * restores from what {@code jobUri} holds).
 *
 * @param jobUri the job's metadata and checkpoints
 * @param stateUri the directory of the instances' stores
 * @param conf reaches both (used as given)
 * @param storeOptions completes each store's options (caches, compression, memtable...); its merge
 *     function, compaction filter and key groups are the runtime's
 */
public record JobStorage(
    String jobUri,
    String stateUri,
    Configuration conf,
    UnaryOperator<DbOptions.Builder> storeOptions) {

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if any part is null
   */
  public JobStorage {
    if (jobUri == null || stateUri == null || conf == null || storeOptions == null) {
      throw new IllegalArgumentException(
          "jobUri, stateUri, conf and storeOptions must not be null: " + jobUri + ", " + stateUri);
    }
  }

  /** Storage with the stores under {@code <jobUri>/state}, default store options. */
  public static JobStorage under(String jobUri, Configuration conf) {
    if (jobUri == null) {
      throw new IllegalArgumentException("jobUri must not be null");
    }
    String base = jobUri.endsWith("/") ? jobUri.substring(0, jobUri.length() - 1) : jobUri;
    return new JobStorage(base, base + "/state", conf, b -> b);
  }

  /** This storage with the stores completed by {@code storeOptions}. */
  public JobStorage withStoreOptions(UnaryOperator<DbOptions.Builder> storeOptions) {
    return new JobStorage(jobUri, stateUri, conf, storeOptions);
  }
}
