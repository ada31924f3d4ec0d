package io.sediment.fuzz;

import io.sediment.lsm.Compression;
import java.util.List;

/**
 * The standard configurations of the metamorphic suite. Each one stresses another part of the
 * engine with the small logs a test can afford: tiny memtables force flushes every few writes, tiny
 * target files and level sizes force compactions into deeper levels, tiny blocks make values span
 * blocks, and every compression, with and without the WAL, cache and bloom filter.
 */
public final class DbConfigs {

  private DbConfigs() {}

  /** Engine defaults except a small memtable: mostly memtable reads, few flushes. */
  public static final DbConfig DEFAULTS_SMALL_MEMTABLE =
      new DbConfig(
          "default", 4096, Compression.LZ4, 256 << 10, 64 << 20, 256 << 20, 4, false, 8 << 20, 10);

  /** A flush every few KiB, LZ4, 1 KiB blocks, small files: many L0 files and compactions. */
  public static final DbConfig TINY_LZ4 =
      new DbConfig(
          "tiny-lz4", 1024, Compression.LZ4, 4 << 10, 4 << 10, 16 << 10, 2, false, 1 << 20, 10);

  /** As tiny, Zstd, no block cache, no bloom filter: every read decodes blocks from the FS. */
  public static final DbConfig TINY_ZSTD_NO_CACHE =
      new DbConfig(
          "tiny-zstd-nocache", 512, Compression.ZSTD, 4 << 10, 8 << 10, 32 << 10, 2, false, 0, 0);

  /** Uncompressed 256-byte blocks (values larger than a block), WAL on. */
  public static final DbConfig SMALL_BLOCKS_NONE_WAL =
      new DbConfig(
          "blocks256-none-wal",
          256,
          Compression.NONE,
          16 << 10,
          16 << 10,
          64 << 10,
          3,
          true,
          1 << 20,
          10);

  /** WAL on, Zstd, medium memtable: crash recovery replays a long log. */
  public static final DbConfig WAL_ZSTD =
      new DbConfig(
          "wal-zstd", 2048, Compression.ZSTD, 64 << 10, 32 << 10, 128 << 10, 4, true, 4 << 20, 5);

  /** The configurations run on the local file system. */
  public static List<DbConfig> local() {
    return List.of(
        DEFAULTS_SMALL_MEMTABLE, TINY_LZ4, TINY_ZSTD_NO_CACHE, SMALL_BLOCKS_NONE_WAL, WAL_ZSTD);
  }

  /**
   * The configurations run on HDFS: fewer, and without the WAL (every write would wait for an
   * hsync), but with a flush every few writes and, in one of them, every read going to the file
   * system (no cache, no bloom filter).
   */
  public static List<DbConfig> hdfs() {
    return List.of(TINY_LZ4, TINY_ZSTD_NO_CACHE);
  }
}
