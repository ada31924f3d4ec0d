package io.sediment.fuzz.crash;

import io.sediment.fuzz.ConcatMergeFunction;
import io.sediment.fuzz.DbConfig;
import io.sediment.fuzz.DbConfigs;
import io.sediment.fuzz.StorageRoot;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * The engine configurations the crash test runs (the metamorphic suite's local ones, each with or
 * without the write-ahead log), and the one merge function the workload and its model share.
 */
public final class CrashConfigs {

  private CrashConfigs() {}

  /** The configurations a chain of kills may run on. */
  public static List<DbConfig> all() {
    return DbConfigs.local();
  }

  /** The merge function of every crash-test store (the model folds merges with the same one). */
  public static MergeFunction mergeFunction() {
    return new ConcatMergeFunction();
  }

  /**
   * Options of the store in {@code dirUri} with configuration {@code name}, the write-ahead log
   * switched as given.
   *
   * @throws IllegalArgumentException if no configuration has that name
   */
  public static DbOptions options(String name, boolean wal, String dirUri) {
    DbConfig c = byName(name);
    DbConfig withWal =
        new DbConfig(
            c.name(),
            c.blockSize(),
            c.compression(),
            c.memtableBytes(),
            c.targetFileSizeBytes(),
            c.maxBytesForLevelBase(),
            c.l0CompactionTrigger(),
            wal,
            c.blockCacheBytes(),
            c.bloomBitsPerKey());
    return withWal.options(dirUri, new StorageRoot(dirUri, null), mergeFunction());
  }

  /**
   * @throws IllegalArgumentException if no configuration has that name
   */
  public static DbConfig byName(String name) {
    for (DbConfig c : all()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no crash-test configuration named '" + name + "'");
  }
}
