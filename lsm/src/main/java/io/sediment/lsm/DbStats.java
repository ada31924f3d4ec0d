package io.sediment.lsm;

import java.util.List;

/**
 * A point-in-time view of a store's shape and work counters. Counters cover the life of the open
 * store (they restart at zero on reopen).
 *
 * @param levels files and bytes of each level, level 0 first
 * @param userBytesWritten bytes of the writes passed to the store in their batch encoding: keys and
 *     values plus, per record, a type byte and varint lengths, and per batch a header and checksum
 *     (9 bytes); a 16-byte key with a 100-byte value counts 128 bytes
 * @param bytesFlushed bytes of SSTs written by flushes
 * @param bytesCompactedRead bytes of SSTs read by compactions
 * @param bytesCompactedWritten bytes of SSTs written by compactions
 * @param flushCount flushes that wrote a file
 * @param compactionCount compactions run (trivial moves included)
 * @param trivialMoveCount compactions that only moved a file down
 * @param blockCacheHits block cache hits (of the whole cache, which may be shared)
 * @param blockCacheMisses block cache misses (likewise)
 * @param stallNanos time writes spent blocked waiting for flushes or compactions
 * @param activeMemtableBytes approximate bytes of the active memtable
 * @param immutableMemtables memtables waiting for flush
 * @param blockCacheEvictions blocks the memory block cache dropped to stay in its budget (of the
 *     whole cache, which may be shared; 0 without one)
 * @param blockCacheBytes bytes of blocks the memory block cache holds now (likewise)
 * @param fileCacheHits local-disk file cache lookups served from a verified local copy (of the
 *     whole cache, which may be shared; all file-cache fields are 0 when the store uses none)
 * @param fileCacheMisses file cache lookups that went to the store's file system
 * @param fileCacheBytesReadLocal bytes the file cache served from local copies
 * @param fileCacheBytesReadRemote bytes the file cache read from the store's file system (including
 *     whole segments fetched to be cached)
 * @param fileCacheEvictions local copies removed to stay in the file cache's budget
 * @param fileCacheCorruptions local copies that failed checksum verification, were discarded and
 *     read again from the store's file system
 * @param fileCacheFallbacks times a local-disk failure made the file cache step aside (reads then
 *     go to the store's file system until the directory works again)
 * @param fileCacheUsedBytes bytes the file cache has on disk now, copies being written included;
 *     never above {@code fileCacheCapacityBytes}
 * @param fileCacheCapacityBytes the file cache's budget
 * @param bytesCompactedSkipped bytes of compaction inputs dropped without being read, because newer
 *     range deletions of the same job covered each of them wholly (whole files, also for clipped
 *     references; counted for jobs run in the store's process, not for remote ones); not part of
 *     {@code bytesCompactedRead}
 * @param bytesDroppedCovered bytes of files removed from the live version by a manifest edit alone,
 *     after a flush brought range deletions that covered them wholly and no snapshot could see
 *     their data
 */
public record DbStats(
    List<LevelStats> levels,
    long userBytesWritten,
    long bytesFlushed,
    long bytesCompactedRead,
    long bytesCompactedWritten,
    long flushCount,
    long compactionCount,
    long trivialMoveCount,
    long blockCacheHits,
    long blockCacheMisses,
    long stallNanos,
    long activeMemtableBytes,
    int immutableMemtables,
    long blockCacheEvictions,
    long blockCacheBytes,
    long fileCacheHits,
    long fileCacheMisses,
    long fileCacheBytesReadLocal,
    long fileCacheBytesReadRemote,
    long fileCacheEvictions,
    long fileCacheCorruptions,
    long fileCacheFallbacks,
    long fileCacheUsedBytes,
    long fileCacheCapacityBytes,
    long bytesCompactedSkipped,
    long bytesDroppedCovered) {

  /** Files and bytes of one level. */
  public record LevelStats(int level, int fileCount, long bytes) {}

  public DbStats {
    levels = List.copyOf(levels);
  }

  /**
   * Write amplification: bytes written to SSTs (flushes and compactions; a file moved to another
   * level without a rewrite counts nothing) per byte of {@link #userBytesWritten}; 0 before
   * anything was written. Data still in memtables is not counted as written. Comparisons with other
   * engines should divide by the same user bytes on both sides (the benchmarks count keys and
   * values).
   */
  public double writeAmplification() {
    return userBytesWritten == 0
        ? 0
        : (double) (bytesFlushed + bytesCompactedWritten) / userBytesWritten;
  }

  /** Total number of live SST files. */
  public int fileCount() {
    return levels.stream().mapToInt(LevelStats::fileCount).sum();
  }

  /** Total bytes of live SST files. */
  public long totalBytes() {
    return levels.stream().mapToLong(LevelStats::bytes).sum();
  }
}
