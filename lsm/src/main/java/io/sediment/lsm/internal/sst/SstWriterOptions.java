package io.sediment.lsm.internal.sst;

import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.Compression;

/**
 * How an {@link SstWriter} lays out a file.
 *
 * @param blockSize target uncompressed size of a data block in bytes; a block is cut before an
 *     entry that would take it past this size (a single larger entry gets a block of its own)
 * @param restartInterval entries between restart points in data blocks (full keys, the targets of a
 *     seek's binary search)
 * @param compression codec tried on every data block
 * @param bloomBitsPerKey bloom filter bits per distinct user key; 0 writes no filter
 * @param keyGroupMaxParallelism the maxParallelism of the store's key-group prefix, whose span the
 *     writer records in the properties ({@link KeyGroupSpan}); 0 when the store declares no key
 *     groups
 */
public record SstWriterOptions(
    int blockSize,
    int restartInterval,
    Compression compression,
    int bloomBitsPerKey,
    int keyGroupMaxParallelism) {

  /** Options for a store that declares no key groups. */
  public SstWriterOptions(
      int blockSize, int restartInterval, Compression compression, int bloomBitsPerKey) {
    this(blockSize, restartInterval, compression, bloomBitsPerKey, 0);
  }

  /**
   * @throws IllegalArgumentException naming the offending value
   */
  public SstWriterOptions {
    if (blockSize < 64 || blockSize > (1 << 30)) {
      throw new IllegalArgumentException("block size must be in [64, 2^30]: " + blockSize);
    }
    if (restartInterval < 1 || restartInterval > 1024) {
      throw new IllegalArgumentException(
          "restart interval must be in [1, 1024]: " + restartInterval);
    }
    if (compression == null) {
      throw new IllegalArgumentException("compression must not be null");
    }
    if (bloomBitsPerKey < 0 || bloomBitsPerKey > 64) {
      throw new IllegalArgumentException(
          "bloom bits per key must be in [0, 64]: " + bloomBitsPerKey);
    }
    if (keyGroupMaxParallelism != 0) {
      KeyGroups.checkMaxParallelism(keyGroupMaxParallelism);
    }
  }

  /** 4 KiB blocks, restart every 16 entries, LZ4, 10 bloom bits per key. */
  public static SstWriterOptions defaults() {
    return new SstWriterOptions(4096, 16, Compression.LZ4, 10);
  }

  /** A copy with another block size. */
  public SstWriterOptions withBlockSize(int size) {
    return new SstWriterOptions(
        size, restartInterval, compression, bloomBitsPerKey, keyGroupMaxParallelism);
  }

  /** A copy with another restart interval. */
  public SstWriterOptions withRestartInterval(int interval) {
    return new SstWriterOptions(
        blockSize, interval, compression, bloomBitsPerKey, keyGroupMaxParallelism);
  }

  /** A copy with another compression. */
  public SstWriterOptions withCompression(Compression c) {
    return new SstWriterOptions(
        blockSize, restartInterval, c, bloomBitsPerKey, keyGroupMaxParallelism);
  }

  /** A copy with another bloom filter budget (0: no filter). */
  public SstWriterOptions withBloomBitsPerKey(int bits) {
    return new SstWriterOptions(
        blockSize, restartInterval, compression, bits, keyGroupMaxParallelism);
  }

  /**
   * A copy that records the key-group span of the prefix for {@code maxParallelism} (0: none).
   *
   * @throws IllegalArgumentException if maxParallelism is neither 0 nor in {@code [1, 32768]}
   */
  public SstWriterOptions withKeyGroups(int maxParallelism) {
    return new SstWriterOptions(
        blockSize, restartInterval, compression, bloomBitsPerKey, maxParallelism);
  }
}
