package io.sediment.flink;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * The configuration of the Sediment state backend, all under {@code state.backend.sediment.*}. A
 * job selects the backend with {@code state.backend.type:
 * io.sediment.flink.SedimentStateBackendFactory} and may set any of these in its Flink
 * configuration; each option documents its default.
 *
 * <p>Values are checked when the backend is created (at job start): an unknown value or a directory
 * that cannot be created or written fails the job with an {@link
 * org.apache.flink.configuration.IllegalConfigurationException} naming the option.
 */
public final class SedimentOptions {

  private SedimentOptions() {}

  /** Where working state lives: one store directory per backend instance below it. */
  public static final ConfigOption<String> PRIMARY_DIR =
      ConfigOptions.key("state.backend.sediment.primary-dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Hadoop file-system URI under which each keyed backend keeps its working Sediment"
                  + " store. Checkpoints reference these files in place, so it must be as durable"
                  + " as the checkpoint directory. Default: '<execution.checkpointing.dir>/"
                  + "sediment-working'.");

  /** Memtable size of each store. */
  public static final ConfigOption<MemorySize> MEMTABLE_SIZE =
      ConfigOptions.key("state.backend.sediment.memtable-size")
          .memoryType()
          .defaultValue(MemorySize.parse("16mb"))
          .withDescription("Memtable size of each keyed backend's store. Default: 16 mb.");

  /** Block cache size of each store. */
  public static final ConfigOption<MemorySize> BLOCK_CACHE_SIZE =
      ConfigOptions.key("state.backend.sediment.block-cache-size")
          .memoryType()
          .defaultValue(MemorySize.parse("64mb"))
          .withDescription("Block cache of each keyed backend's store. Default: 64 mb.");

  /** Local-disk file cache directory (optional). */
  public static final ConfigOption<String> FILE_CACHE_DIR =
      ConfigOptions.key("state.backend.sediment.file-cache.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Local directory for the store's local-disk file cache tier; each backend uses a"
                  + " sub-directory. Default: none (no file cache).");

  /** Local-disk file cache size. */
  public static final ConfigOption<MemorySize> FILE_CACHE_SIZE =
      ConfigOptions.key("state.backend.sediment.file-cache.size")
          .memoryType()
          .defaultValue(MemorySize.parse("1gb"))
          .withDescription(
              "Size of each backend's local-disk file cache, used only when"
                  + " 'state.backend.sediment.file-cache.dir' is set. Default: 1 gb.");

  /** Block compression. */
  public static final ConfigOption<String> COMPRESSION =
      ConfigOptions.key("state.backend.sediment.compression")
          .stringType()
          .defaultValue("LZ4")
          .withDescription("Block compression of SSTs: NONE, LZ4 or ZSTD. Default: LZ4.");

  /** Remote compaction workers (optional). */
  public static final ConfigOption<String> COMPACTION_WORKERS =
      ConfigOptions.key("state.backend.sediment.compaction.workers")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Comma-separated http:// URIs of remote compaction workers. Default: none (compaction"
                  + " runs in the task manager).");

  /** Token of the remote compaction workers. */
  public static final ConfigOption<String> COMPACTION_TOKEN =
      ConfigOptions.key("state.backend.sediment.compaction.token")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Token the remote compaction workers require; mandatory when"
                  + " 'state.backend.sediment.compaction.workers' is set. Default: none.");
}
