package io.sediment.lsm.internal.db;

import io.sediment.cache.BlockCache;
import io.sediment.cache.disk.FileCacheStats;
import io.sediment.cache.disk.LocalFileCache;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import io.sediment.lsm.DbOptions;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * The two read tiers of a store, both optional: the memory block cache (decoded SST blocks) and the
 * local-disk file cache (raw bytes of SST files). Knows which of them the store created, closes
 * only those, and leaves shared instances open.
 *
 * <p>SSTs are immutable and their numbers are never reused, so a file is identified in the file
 * cache by path and length alone: what a flush or compaction writes through is found again when the
 * same path is opened for reads. The file cache never fails a read or write for a local-disk
 * reason; a shared cache closed by its owner while the store is open just stops being used.
 * Thread-safe.
 */
final class ReadTiers implements Closeable {

  private final BlockCache blockCache;
  private final boolean ownsBlockCache;
  private final LocalFileCache fileCache;
  private final boolean ownsFileCache;

  private ReadTiers(
      BlockCache blockCache,
      boolean ownsBlockCache,
      LocalFileCache fileCache,
      boolean ownsFileCache) {
    this.blockCache = blockCache;
    this.ownsBlockCache = ownsBlockCache;
    this.fileCache = fileCache;
    this.ownsFileCache = ownsFileCache;
  }

  /**
   * Sets up the tiers {@code options} ask for. The file cache is skipped for a store on the local
   * file system unless {@link io.sediment.lsm.DbSettings#fileCacheForLocalFs()}.
   */
  static ReadTiers open(DbOptions options, FileSystemView view) {
    BlockCache blocks = options.blockCache();
    boolean ownsBlocks = false;
    if (blocks == null && options.settings().blockCacheBytes() > 0) {
      blocks = BlockCache.create(options.settings().blockCacheBytes());
      ownsBlocks = true;
    }
    LocalFileCache files = null;
    boolean ownsFiles = false;
    if (!isLocal(view) || options.settings().fileCacheForLocalFs()) {
      files = options.fileCache();
      if (files == null && options.settings().fileCacheDirectory() != null) {
        files =
            LocalFileCache.open(
                options.settings().fileCacheDirectory(),
                options.settings().fileCacheBytes(),
                options.settings().fileCacheOptions(),
                options.fileCacheClock());
        ownsFiles = true;
      }
    }
    return new ReadTiers(blocks, ownsBlocks, files, ownsFiles);
  }

  /** No caching at all: every read goes to the file system. */
  static ReadTiers none() {
    return new ReadTiers(null, false, null, false);
  }

  /** Whether the view's files are on this machine's file system already. */
  static boolean isLocal(FileSystemView view) {
    return "file".equalsIgnoreCase(view.root().toUri().getScheme());
  }

  /** The memory block cache, or null. */
  BlockCache blockCache() {
    return blockCache;
  }

  /** The local-disk file cache in use, or null. */
  LocalFileCache fileCache() {
    return fileCache;
  }

  /**
   * Opens an SST for reads, through the file cache when there is one.
   *
   * @throws IOException naming the file if the store's file system fails
   */
  ReadableFile openRead(FileSystemView view, Path path) throws IOException {
    ReadableFile remote = view.openRead(path);
    if (fileCache == null) {
      return remote;
    }
    try {
      return fileCache.open(remote);
    } catch (IllegalStateException closedByOwner) {
      return remote;
    }
  }

  /** Wraps a new SST being written so that it is copied into the file cache as it is written. */
  WritableFile writeThrough(WritableFile remote) {
    if (fileCache == null) {
      return remote;
    }
    try {
      return fileCache.wrapForWrite(remote);
    } catch (IllegalStateException closedByOwner) {
      return remote;
    }
  }

  /** Drops the cached blocks of an SST reader that is closed for good. */
  void invalidateBlocks(long cacheFileId) {
    if (blockCache != null) {
      blockCache.invalidateFile(cacheFileId);
    }
  }

  /** Drops every local copy of a file that is gone (released or abandoned). */
  void invalidateFile(Path path) {
    if (fileCache != null) {
      fileCache.invalidate(path);
    }
  }

  /** The block cache's counters, or null without one. */
  BlockCache.Stats blockCacheStats() {
    return blockCache == null ? null : blockCache.stats();
  }

  /** The file cache's counters, or null without one. */
  FileCacheStats fileCacheStats() {
    return fileCache == null ? null : fileCache.stats();
  }

  /** Closes the tiers the store created; shared ones stay open. */
  @Override
  public void close() {
    if (ownsFileCache) {
      fileCache.close();
    }
    if (ownsBlockCache) {
      blockCache.close();
    }
  }
}
