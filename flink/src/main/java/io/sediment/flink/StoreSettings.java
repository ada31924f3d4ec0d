package io.sediment.flink;

import io.sediment.compaction.MergeFunctions;
import io.sediment.compaction.RemoteCompactionService;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Compression;
import io.sediment.lsm.DbOptions;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The resolved, checked configuration of the Sediment state backend: where working stores and
 * checkpoint metadata live and how each store is tuned. An immutable value that travels with the
 * {@link SedimentStateBackend} to the task managers.
 *
 * @param primaryDir URI under which each backend instance opens its store
 * @param checkpointRoot URI under which each backend instance keeps its checkpoint metadata
 * @param memtableBytes memtable size of each store
 * @param blockCacheBytes block cache size of each store
 * @param fileCacheDir local file-cache directory, or null for none
 * @param fileCacheBytes file-cache size (used only with a directory)
 * @param compression block compression name ({@link Compression})
 * @param compactionWorkers remote compaction worker URIs, empty for local compaction
 * @param compactionToken token of the remote workers, null without workers
 */
record StoreSettings(
    String primaryDir,
    String checkpointRoot,
    long memtableBytes,
    long blockCacheBytes,
    String fileCacheDir,
    long fileCacheBytes,
    String compression,
    List<URI> compactionWorkers,
    String compactionToken)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * The options of the store of one backend instance in {@code dirUri}, declaring the instance's
   * key groups. List state merges in Flink's list layout.
   */
  DbOptions dbOptions(String dirUri, String instanceId, KeyGroupRange range, int maxParallelism) {
    return builder(dirUri, instanceId).keyGroups(range, maxParallelism).build();
  }

  private DbOptions.Builder builder(String dirUri, String instanceId) {
    DbOptions.Builder b =
        DbOptions.builder(dirUri)
            .hadoopConfiguration(new Configuration())
            .mergeFunction(MergeFunctions.listAppend())
            .compression(Compression.valueOf(compression))
            .memtableBytes(memtableBytes)
            .blockCacheBytes(blockCacheBytes);
    if (fileCacheDir != null) {
      b.fileCacheDirectory(Path.of(fileCacheDir, instanceId)).fileCacheBytes(fileCacheBytes);
    }
    if (!compactionWorkers.isEmpty()) {
      b.compactionService(
          RemoteCompactionService.builder()
              .workers(compactionWorkers)
              .token(compactionToken)
              .jobTimeout(Duration.ofMinutes(5))
              .fallbackToLocal(true)
              .build());
    }
    return b;
  }
}
