package io.sediment.jmh;

import io.sediment.lsm.Compression;
import io.sediment.lsm.DbSettings;

/**
 * The settings every engine gets alike in one run, as Sediment {@link DbSettings}: the run's
 * memtable and block cache budgets, LZ4 block compression, and the engine's 4 KiB blocks and 10
 * bloom bits per key, no write-ahead log (stream processors recover from checkpoints, and
 * Sediment's log is off by default). RocksDB and ForSt read their memtable, block cache, block size
 * and bloom filter from the same settings, and compress with LZ4.
 */
final class BenchSettings {

  private BenchSettings() {}

  /**
   * The settings of a run with these budgets.
   *
   * @throws IllegalArgumentException naming the value if a budget is out of the settings' range
   */
  static DbSettings of(long memtableBytes, long blockCacheBytes) {
    return DbSettings.builder()
        .compression(Compression.LZ4)
        .memtableBytes(memtableBytes)
        .blockCacheBytes(blockCacheBytes)
        .build();
  }
}
