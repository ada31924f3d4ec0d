package io.sediment.cache.disk;

import io.sediment.fs.FileSystemView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the scenario suites need from a test class: a remote file system, a cache directory and a
 * clock. The local-file-system and HDFS test classes implement it, so the same scenarios run
 * against both.
 */
interface FileCacheFixture {

  int SEGMENT = 16 << 10;
  int CHUNK = 4 << 10;
  Duration RECHECK = Duration.ofSeconds(10);

  /** A fresh, empty remote directory for one test. */
  FileSystemView remote() throws IOException;

  /** A fresh, empty local directory for the cache of one test. */
  Path cacheDir();

  /** The clock given to caches opened by {@link #openCache}. */
  ManualClock clock();

  /**
   * Random reads per thread in the load scenarios. A remote with slow round trips runs fewer; the
   * scenarios still evict constantly.
   */
  default int readsPerThread() {
    return 400;
  }

  /** Remote files in the load scenarios; a remote where creating a file is slow makes fewer. */
  default int fileCount() {
    return 24;
  }

  default FileCacheOptions options(Granularity granularity) {
    return FileCacheOptions.defaults()
        .withGranularity(granularity)
        .withSegmentBytes(SEGMENT)
        .withChecksumChunkBytes(CHUNK)
        .withRecheckInterval(RECHECK);
  }

  /**
   * A cache whose background loads run on the reading thread, so that a unit a read missed is
   * resident (if admitted) before that read returns: the scenarios count hits and misses exactly.
   */
  default LocalFileCache openCache(Granularity granularity, long capacity) {
    return LocalFileCache.open(cacheDir(), capacity, options(granularity), clock(), Runnable::run);
  }

  /** A cache as a store opens it: units a read missed are loaded on the cache's own threads. */
  default LocalFileCache openCacheLoadingInBackground(Granularity granularity, long capacity) {
    return LocalFileCache.open(cacheDir(), capacity, options(granularity), clock());
  }
}
