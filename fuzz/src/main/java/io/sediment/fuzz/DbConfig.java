package io.sediment.fuzz;

import io.sediment.lsm.Compression;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.MergeFunction;
import java.io.IOException;

/**
 * One configuration of the engine for metamorphic runs: the settings that change where data lives
 * and how it is laid out (block size, compression, memtable size, file sizes, WAL, cache, bloom
 * filter), none of which may change what a read returns. The file system is chosen separately by
 * the {@link StorageRoot} given to {@link #factory}.
 *
 * @param name short name printed in reports
 * @param blockSize SST data block size in bytes
 * @param compression block compression of every level
 * @param memtableBytes memtable budget (tiny: a flush every few writes)
 * @param targetFileSizeBytes compaction output size (tiny: many files, many compactions)
 * @param maxBytesForLevelBase size target of level 1
 * @param l0CompactionTrigger level-0 file count that triggers a compaction
 * @param walEnabled whether writes are logged and synced before they return
 * @param blockCacheBytes block cache capacity (0: no cache)
 * @param bloomBitsPerKey bloom filter bits per key (0: no filter)
 */
public record DbConfig(
    String name,
    int blockSize,
    Compression compression,
    long memtableBytes,
    long targetFileSizeBytes,
    long maxBytesForLevelBase,
    int l0CompactionTrigger,
    boolean walEnabled,
    long blockCacheBytes,
    int bloomBitsPerKey) {

  /** The options of a store in {@code dirUri} with this configuration. */
  public DbOptions options(String dirUri, StorageRoot root, MergeFunction mergeFunction) {
    DbOptions.Builder b =
        DbOptions.builder(dirUri)
            .blockSize(blockSize)
            .compression(compression)
            .memtableBytes(memtableBytes)
            .targetFileSizeBytes(targetFileSizeBytes)
            .maxBytesForLevelBase(maxBytesForLevelBase)
            .l0CompactionTrigger(l0CompactionTrigger)
            .l0StopWritesTrigger(Math.max(20, l0CompactionTrigger * 4))
            .walEnabled(walEnabled)
            .blockCacheBytes(blockCacheBytes)
            .bloomBitsPerKey(bloomBitsPerKey);
    if (root.conf() != null) {
      b.hadoopConfiguration(root.conf());
    }
    if (mergeFunction != null) {
      b.mergeFunction(mergeFunction);
    }
    return b.build();
  }

  /**
   * A factory of fresh stores of this configuration under {@code root}, named {@code <name>@<root
   * scheme>}. Each store has its own checkpoint storage under the root, and restores into fresh
   * directories there.
   */
  public StoreFactory factory(StorageRoot root, MergeFunction mergeFunction) {
    DbConfig config = this;
    String scheme =
        root.uri().contains(":") ? root.uri().substring(0, root.uri().indexOf(':')) : "";
    return new StoreFactory() {
      @Override
      public String name() {
        return config.name + "@" + scheme;
      }

      @Override
      public KvStore open() throws IOException {
        return new DbStore(
            config.options(root.newDirUri(config.name), root, mergeFunction),
            root.newDirUri(config.name + "-checkpoints"),
            () -> config.options(root.newDirUri(config.name + "-restored"), root, mergeFunction));
      }

      @Override
      public boolean supportsCrash() {
        return config.walEnabled;
      }

      @Override
      public boolean supportsCheckpoints() {
        return true;
      }

      @Override
      public String toString() {
        return name() + " " + config;
      }
    };
  }
}
