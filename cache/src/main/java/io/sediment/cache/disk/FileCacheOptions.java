package io.sediment.cache.disk;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LocalFileCache}: plain values, validated on construction.
 *
 * <p>Start from {@link #defaults()} and change single values with the {@code with...} methods.
 *
 * @param granularity whole files or fixed-size segments; see {@link Granularity}
 * @param segmentBytes size of one segment in {@link Granularity#SEGMENTS} mode (the last segment of
 *     a file may be shorter); ignored for whole files
 * @param checksumChunkBytes a CRC32C is stored per chunk of this many bytes of every entry; a read
 *     verifies every chunk it touches, so smaller chunks mean less extra reading per small read and
 *     a bigger checksum table
 * @param recheckInterval after a local-disk failure disabled the cache, how long to wait before
 *     probing the directory again
 * @param maxOpenFiles how many entry files the cache keeps open for reading (least recently used
 *     closed first); an entry's file is closed when the entry leaves the cache. 0 opens the file
 *     for every read
 * @param loadThreads how many units missed by reads are copied into the cache at once, in the
 *     background; a miss while that many copies are under way starts none
 */
public record FileCacheOptions(
    Granularity granularity,
    int segmentBytes,
    int checksumChunkBytes,
    Duration recheckInterval,
    int maxOpenFiles,
    int loadThreads) {

  /** 1 MiB: a few SST data blocks, small next to a file, large next to one remote round trip. */
  public static final int DEFAULT_SEGMENT_BYTES = 1 << 20;

  /** 64 KiB: verification overhead of at most one extra chunk on each side of a read. */
  public static final int DEFAULT_CHECKSUM_CHUNK_BYTES = 64 << 10;

  /** How long a disabled cache waits before probing its directory again. */
  public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofSeconds(30);

  /**
   * 1024 open entry files: 1 GiB of hot 1 MiB segments, well under a process's usual descriptor
   * limit.
   */
  public static final int DEFAULT_MAX_OPEN_FILES = 1024;

  /**
   * 4 copies at once: enough to fill a cache quickly, few enough that copies do not compete with
   * the reads they are meant to speed up.
   */
  public static final int DEFAULT_LOAD_THREADS = 4;

  /**
   * Validates all values.
   *
   * @throws IllegalArgumentException naming the value if a size is not positive, the recheck
   *     interval is negative, {@code maxOpenFiles} is negative or {@code loadThreads} is not
   *     positive (a checksum chunk larger than a segment just means one chunk per segment)
   */
  public FileCacheOptions {
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(recheckInterval, "recheckInterval");
    if (segmentBytes <= 0) {
      throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
    }
    if (checksumChunkBytes <= 0) {
      throw new IllegalArgumentException(
          "checksumChunkBytes must be positive: " + checksumChunkBytes);
    }
    if (recheckInterval.isNegative()) {
      throw new IllegalArgumentException(
          "recheckInterval must not be negative: " + recheckInterval);
    }
    if (maxOpenFiles < 0) {
      throw new IllegalArgumentException("maxOpenFiles must not be negative: " + maxOpenFiles);
    }
    if (loadThreads <= 0) {
      throw new IllegalArgumentException("loadThreads must be positive: " + loadThreads);
    }
  }

  /**
   * Segments of 1 MiB, 64 KiB checksum chunks, a 30 s recheck interval, 1024 open files, 4 load
   * threads.
   */
  public static FileCacheOptions defaults() {
    return new FileCacheOptions(
        Granularity.SEGMENTS,
        DEFAULT_SEGMENT_BYTES,
        DEFAULT_CHECKSUM_CHUNK_BYTES,
        DEFAULT_RECHECK_INTERVAL,
        DEFAULT_MAX_OPEN_FILES,
        DEFAULT_LOAD_THREADS);
  }

  /** A copy with another granularity. */
  public FileCacheOptions withGranularity(Granularity value) {
    return new FileCacheOptions(
        value, segmentBytes, checksumChunkBytes, recheckInterval, maxOpenFiles, loadThreads);
  }

  /** A copy with another segment size. */
  public FileCacheOptions withSegmentBytes(int value) {
    return new FileCacheOptions(
        granularity, value, checksumChunkBytes, recheckInterval, maxOpenFiles, loadThreads);
  }

  /** A copy with another checksum chunk size. */
  public FileCacheOptions withChecksumChunkBytes(int value) {
    return new FileCacheOptions(
        granularity, segmentBytes, value, recheckInterval, maxOpenFiles, loadThreads);
  }

  /** A copy with another recheck interval. */
  public FileCacheOptions withRecheckInterval(Duration value) {
    return new FileCacheOptions(
        granularity, segmentBytes, checksumChunkBytes, value, maxOpenFiles, loadThreads);
  }

  /** A copy with another bound on open entry files. */
  public FileCacheOptions withMaxOpenFiles(int value) {
    return new FileCacheOptions(
        granularity, segmentBytes, checksumChunkBytes, recheckInterval, value, loadThreads);
  }

  /** A copy with another number of background load threads. */
  public FileCacheOptions withLoadThreads(int value) {
    return new FileCacheOptions(
        granularity, segmentBytes, checksumChunkBytes, recheckInterval, maxOpenFiles, value);
  }
}
