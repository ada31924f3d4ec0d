package io.sediment.jmh;

/**
 * Budgets that every engine gets alike in one run: memtable bytes and block cache bytes, LZ4 block
 * compression, 4 KiB blocks, 10 bloom bits per key, no write-ahead log (stream processors recover
 * from checkpoints, and Sediment's log is off by default).
 */
public record StoreSettings(long memtableBytes, long blockCacheBytes) {

  public static final int BLOCK_SIZE = 4096;
  public static final int BLOOM_BITS_PER_KEY = 10;

  public StoreSettings {
    if (memtableBytes <= 0) {
      throw new IllegalArgumentException("memtableBytes must be positive: " + memtableBytes);
    }
    if (blockCacheBytes < 0) {
      throw new IllegalArgumentException(
          "blockCacheBytes must not be negative: " + blockCacheBytes);
    }
  }
}
