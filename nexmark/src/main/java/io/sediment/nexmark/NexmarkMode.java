package io.sediment.nexmark;

import io.sediment.cache.BlockCache;
import io.sediment.cache.disk.LocalFileCache;
import io.sediment.fs.wrap.LatencyModel;
import io.sediment.lsm.DbOptions;
import io.sediment.stream.ExecutionMode;
import io.sediment.stream.ExecutionSettings;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a Nexmark run keeps its state and how the operators reach it.
 *
 * <ul>
 *   <li>{@link #SYNC_LOCAL}: the baseline, state on the local disk ({@code file://}), every state
 *       access inline on the task thread.
 *   <li>{@link #ASYNC_LOCAL}: the same store, state accessed through the asynchronous execution
 *       controller: what the asynchronous machinery costs when there is little to wait for.
 *   <li>{@link #ASYNC_LATENCY}: the stream layer's case, state on remote-like storage (the local
 *       disk behind the latency-injecting {@code latency+file://}, a fixed delay per file-system
 *       operation) behind a memory block cache and a local-disk file cache, accessed
 *       asynchronously.
 * </ul>
 */
public enum NexmarkMode {
  SYNC_LOCAL("sync-local", ExecutionMode.SYNC, false),
  ASYNC_LOCAL("async-local", ExecutionMode.ASYNC, false),
  ASYNC_LATENCY("async-latency", ExecutionMode.ASYNC, true);

  private final String commandName;
  private final ExecutionMode executionMode;
  private final boolean latency;

  NexmarkMode(String commandName, ExecutionMode executionMode, boolean latency) {
    this.commandName = commandName;
    this.executionMode = executionMode;
    this.latency = latency;
  }

  /** The name on a command line: {@code sync-local}, {@code async-local}, {@code async-latency}. */
  public String commandName() {
    return commandName;
  }

  /**
   * The mode named {@code name}.
   *
   * @throws IllegalArgumentException naming the modes if there is none of that name
   */
  public static NexmarkMode byName(String name) {
    for (NexmarkMode m : values()) {
      if (m.commandName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '" + name + "'; the modes are sync-local, async-local, async-latency");
  }

  /** Whether the state is behind the latency-injecting file system. */
  public boolean latency() {
    return latency;
  }

  /** The controllers' settings: the defaults in this mode's execution mode. */
  public ExecutionSettings execution() {
    return ExecutionSettings.defaults().toBuilder().executionMode(executionMode).build();
  }

  /** The URI of local directory {@code dir} on this mode's file system. */
  public String uri(Path dir) {
    return (latency ? "latency+" : "") + dir.toAbsolutePath().toUri();
  }

  /**
   * A Hadoop configuration for this mode: with latency, {@code latencyMs} per file-system
   * operation.
   *
   * @throws IllegalArgumentException if {@code latencyMs} is negative
   */
  public Configuration configuration(long latencyMs) {
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs must not be negative: " + latencyMs);
    }
    Configuration conf = new Configuration();
    if (latency) {
      conf.set(LatencyModel.DEFAULT_KEY, latencyMs + "ms");
    }
    return conf;
  }

  /**
   * Store options sharing {@code blockCache} across every store of the run and, with latency,
   * {@code fileCache} (the local-disk tier; it holds copies of the remote files, so it is used for
   * the latency wrapper's local files too). {@code fileCache} is ignored without latency and may
   * then be null.
   *
   * @throws IllegalArgumentException if {@code blockCache} is null, or {@code fileCache} is null in
   *     a mode with latency
   */
  public UnaryOperator<DbOptions.Builder> storeOptions(
      BlockCache blockCache, LocalFileCache fileCache) {
    if (blockCache == null || (latency && fileCache == null)) {
      throw new IllegalArgumentException(
          "a block cache, and with latency a file cache, are needed: " + this);
    }
    if (!latency) {
      return b -> b.blockCache(blockCache);
    }
    return b -> b.blockCache(blockCache).fileCache(fileCache).fileCacheForLocalFs(true);
  }
}
