package io.sediment.cache.disk;

/**
 * The unit in which the local-disk tier copies remote files.
 *
 * <p>Both units are cached, checksummed, admitted and evicted the same way; they differ only in how
 * much of a remote file one cache entry holds.
 */
public enum Granularity {
  /**
   * One entry per remote file. The first read of a file that is admitted copies the whole file; all
   * later reads of it are local. Best when files are small or read end to end.
   */
  WHOLE_FILE,

  /**
   * One entry per fixed-size segment of a remote file ({@link FileCacheOptions#segmentBytes()}). A
   * read copies only the segments it touches, so a point lookup into a large file costs one segment
   * of remote transfer and one segment of budget. The default.
   */
  SEGMENTS
}
