package io.sediment.fuzz;

import java.util.List;

/**
 * The standard configurations of the metamorphic suite, written in the settings' text form. Each
 * one stresses another part of the engine with the small logs a test can afford: tiny memtables
 * force flushes every few writes, tiny target files and level sizes force compactions into deeper
 * levels, tiny blocks make values span blocks, and every compression, with and without the WAL,
 * cache and bloom filter.
 */
public final class StandardSettings {

  private StandardSettings() {}

  /** Engine defaults except a small memtable and cache: mostly memtable reads, few flushes. */
  public static final NamedSettings DEFAULTS_SMALL_MEMTABLE =
      NamedSettings.parse("default", "memtableBytes=262144,blockCacheBytes=8388608");

  /** A flush every few KiB, LZ4, 1 KiB blocks, small files: many L0 files and compactions. */
  public static final NamedSettings TINY_LZ4 =
      NamedSettings.parse(
          "tiny-lz4",
          "compression=LZ4,blockSize=1024,memtableBytes=4096,targetFileSizeBytes=4096,"
              + "maxBytesForLevelBase=16384,l0CompactionTrigger=2,blockCacheBytes=1048576");

  /** As tiny, Zstd, no block cache, no bloom filter: every read decodes blocks from the FS. */
  public static final NamedSettings TINY_ZSTD_NO_CACHE =
      NamedSettings.parse(
          "tiny-zstd-nocache",
          "compression=ZSTD,blockSize=512,memtableBytes=4096,targetFileSizeBytes=8192,"
              + "maxBytesForLevelBase=32768,l0CompactionTrigger=2,blockCacheBytes=0,"
              + "bloomBitsPerKey=0");

  /** Uncompressed 256-byte blocks (values larger than a block), WAL on. */
  public static final NamedSettings SMALL_BLOCKS_NONE_WAL =
      NamedSettings.parse(
          "blocks256-none-wal",
          "compression=NONE,blockSize=256,memtableBytes=16384,targetFileSizeBytes=16384,"
              + "maxBytesForLevelBase=65536,l0CompactionTrigger=3,walEnabled=true,"
              + "blockCacheBytes=1048576");

  /** WAL on, Zstd, medium memtable: crash recovery replays a long log. */
  public static final NamedSettings WAL_ZSTD =
      NamedSettings.parse(
          "wal-zstd",
          "compression=ZSTD,blockSize=2048,memtableBytes=65536,targetFileSizeBytes=32768,"
              + "maxBytesForLevelBase=131072,walEnabled=true,blockCacheBytes=4194304,"
              + "bloomBitsPerKey=5");

  /** The configurations run on the local file system. */
  public static List<NamedSettings> local() {
    return List.of(
        DEFAULTS_SMALL_MEMTABLE, TINY_LZ4, TINY_ZSTD_NO_CACHE, SMALL_BLOCKS_NONE_WAL, WAL_ZSTD);
  }

  /**
   * The configurations run on HDFS: fewer, and without the WAL (every write would wait for an
   * hsync), but with a flush every few writes and, in one of them, every read going to the file
   * system (no cache, no bloom filter).
   */
  public static List<NamedSettings> hdfs() {
    return List.of(TINY_LZ4, TINY_ZSTD_NO_CACHE);
  }
}
