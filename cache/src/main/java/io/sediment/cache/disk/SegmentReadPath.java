package io.sediment.cache.disk;

import io.sediment.fs.ReadableFile;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Serves one cache unit's part of a read: from the verified local copy if there is one, else
 * straight from remote, after asking the {@link UnitLoader} to copy the unit in the background.
 *
 * <p>Guarantees: the bytes handed out are either verified against the checksums written when they
 * were copied, or come straight from remote; a corrupt copy is counted, discarded and replaced (by
 * a background load, if admission lets it in). A read never waits for a unit to be copied, its own
 * or another reader's: a miss costs one remote read of the bytes asked for. Local failures never
 * reach the caller: they disable the cache through {@link DiskHealth} and the read goes to remote.
 * Remote failures do reach the caller, unchanged.
 *
 * <p>Thread-safe.
 */
final class SegmentReadPath {

  private final Path dir;
  private final CacheIndex index;
  private final DiskHealth health;
  private final StatsCounters stats;
  private final EntryChannels channels;
  private final UnitLoader loader;
  private volatile boolean closed;

  SegmentReadPath(
      Path dir,
      CacheIndex index,
      DiskHealth health,
      StatsCounters stats,
      EntryChannels channels,
      UnitLoader loader) {
    this.dir = dir;
    this.index = index;
    this.health = health;
    this.stats = stats;
    this.channels = channels;
    this.loader = loader;
  }

  /** The background loader (for tests). */
  UnitLoader loader() {
    return loader;
  }

  /** Entry files held open now (for tests). */
  long openChannels() {
    return channels.openCount();
  }

  /**
   * After this, every read goes straight to remote; background loads stop (this waits for those
   * under way, so nothing is written once it returns) and pooled channels close.
   */
  void close() {
    closed = true;
    loader.close();
    channels.close();
  }

  /**
   * Copies remote bytes {@code [unitStart + offsetInUnit, + length)} into {@code dst[dstOffset..]};
   * the range lies within unit {@code key}, which spans {@code [unitStart, unitStart +
   * unitLength)}.
   */
  void read(
      ReadableFile remote,
      SegmentKey key,
      long unitStart,
      long unitLength,
      long offsetInUnit,
      byte[] dst,
      int dstOffset,
      int length)
      throws IOException {
    if (!readIfLocal(remote, key, unitStart, unitLength, offsetInUnit, dst, dstOffset, length)) {
      readRemote(remote, unitStart + offsetInUnit, dst, dstOffset, length);
    }
  }

  /**
   * As {@link #read}, but only from a local copy: true if the copy served the read; false after
   * counting a miss and starting the unit's background load, and the caller then reads the range
   * from remote itself (counting it with {@link #countRemoteBytes}).
   */
  boolean readIfLocal(
      ReadableFile remote,
      SegmentKey key,
      long unitStart,
      long unitLength,
      long offsetInUnit,
      byte[] dst,
      int dstOffset,
      int length) {
    if (closed || !health.isEnabled()) {
      stats.misses.increment();
      return false;
    }
    CacheEntry entry = index.lookup(key);
    if (entry != null && readLocal(entry, offsetInUnit, dst, dstOffset, length)) {
      stats.hits.increment();
      index.loadCredit().earnByHit(length);
      return true;
    }
    stats.misses.increment();
    index.loadCredit().earnByMiss(length);
    // The copy, if admitted, overlaps the remote read; that read never waits for it.
    loader.startLoad(remote, key, unitStart, unitLength);
    return false;
  }

  /** Counts bytes a caller of {@link #readIfLocal} read from remote. */
  void countRemoteBytes(long bytes) {
    stats.bytesReadRemote.add(bytes);
  }

  private void readRemote(ReadableFile remote, long position, byte[] dst, int offset, int length)
      throws IOException {
    remote.readFully(position, dst, offset, length);
    stats.bytesReadRemote.add(length);
  }

  /** Reads from a local copy; false (after cleaning up) if the copy cannot serve the read. */
  private boolean readLocal(CacheEntry entry, long position, byte[] dst, int offset, int length) {
    // A second try only if another reader's interrupt closed the shared channel under this one.
    for (int attempt = 0; ; attempt++) {
      try {
        EntryChannels.Handle handle = channels.acquire(entry);
        try {
          EntryReader.read(handle.channel, entry, position, dst, offset, length);
        } finally {
          handle.release();
        }
        stats.bytesReadLocal.add(length);
        return true;
      } catch (ChecksumMismatchException e) {
        stats.corruptionsDetected.increment();
        index.discard(entry);
        return false;
      } catch (NoSuchFileException e) {
        if (!index.isResident(entry)) {
          return false; // evicted between lookup and open: an ordinary miss
        }
        if (Files.isDirectory(dir)) {
          index.discard(entry); // deleted behind the cache's back
        } else {
          health.reportFailure(e);
        }
        return false;
      } catch (ClosedChannelException e) {
        // An interrupted reader closes a FileChannel for every thread sharing it: not a disk
        // failure. Drop that channel; the next acquisition opens the file again.
        channels.close(entry);
        if (attempt > 0 || Thread.currentThread().isInterrupted()) {
          return false;
        }
      } catch (IOException e) {
        health.reportFailure(e);
        return false;
      }
    }
  }
}
