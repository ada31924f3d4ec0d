package io.sediment.cache.disk;

import io.sediment.fs.ReadableFile;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves one cache unit's part of a read: from the verified local copy if there is one, else by
 * loading the unit from remote (if admitted) or reading the bytes straight from remote (if not).
 *
 * <p>Guarantees: the bytes handed out are either verified against the checksums written when they
 * were copied, or come straight from remote; a corrupt copy is counted, discarded and replaced.
 * Local failures never reach the caller: they disable the cache through {@link DiskHealth} and the
 * read goes to remote. Remote failures do reach the caller, unchanged.
 *
 * <p>Thread-safe. Concurrent misses of the same unit load it once: later arrivals wait for the
 * first loader and then read the copy it published (or go to remote if it was not admitted).
 */
final class SegmentReadPath {

  /** Copy buffer for loading a unit: large transfers, bounded memory for whole-file units. */
  private static final int COPY_BUFFER_BYTES = 1 << 20;

  private final Path dir;
  private final int chunkBytes;
  private final CacheIndex index;
  private final DiskHealth health;
  private final StatsCounters stats;
  private final EntryChannels channels;
  private final ConcurrentHashMap<SegmentKey, CompletableFuture<CacheEntry>> loading =
      new ConcurrentHashMap<>();
  private volatile boolean closed;

  SegmentReadPath(
      Path dir,
      int chunkBytes,
      CacheIndex index,
      DiskHealth health,
      StatsCounters stats,
      EntryChannels channels) {
    this.dir = dir;
    this.chunkBytes = chunkBytes;
    this.index = index;
    this.health = health;
    this.stats = stats;
    this.channels = channels;
  }

  /** Entry files held open now (for tests). */
  long openChannels() {
    return channels.openCount();
  }

  /** After this, every read goes straight to remote; pooled channels close. */
  void close() {
    closed = true;
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
    if (closed || !health.isEnabled()) {
      stats.misses.increment();
      readRemote(remote, unitStart + offsetInUnit, dst, dstOffset, length);
      return;
    }
    CacheEntry entry = index.lookup(key);
    if (entry != null && readLocal(entry, offsetInUnit, dst, dstOffset, length)) {
      stats.hits.increment();
      return;
    }
    stats.misses.increment();
    CacheEntry loaded = load(remote, key, unitStart, unitLength);
    if (loaded != null && readLocal(loaded, offsetInUnit, dst, dstOffset, length)) {
      return;
    }
    readRemote(remote, unitStart + offsetInUnit, dst, dstOffset, length);
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

  /** Loads a unit once however many readers miss it together; null if not admitted or failed. */
  private CacheEntry load(ReadableFile remote, SegmentKey key, long unitStart, long unitLength)
      throws IOException {
    CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
    CompletableFuture<CacheEntry> running = loading.putIfAbsent(key, mine);
    if (running != null) {
      return running.join();
    }
    CacheEntry loaded = null;
    try {
      loaded = fetchAndAdmit(remote, key, unitStart, unitLength);
      return loaded;
    } finally {
      loading.remove(key, mine);
      mine.complete(loaded);
    }
  }

  private CacheEntry fetchAndAdmit(
      ReadableFile remote, SegmentKey key, long unitStart, long unitLength) throws IOException {
    long diskBytes = EntryFormat.diskBytes(key.file(), unitLength, chunkBytes);
    Reservation reservation = index.reserveForRead(key, diskBytes);
    if (reservation == null) {
      return null;
    }
    EntryWriter writer = null;
    boolean published = false;
    try {
      try {
        writer = EntryWriter.create(dir, chunkBytes);
      } catch (IOException e) {
        health.reportFailure(e);
        return null;
      }
      byte[] buf = new byte[(int) Math.min(unitLength, COPY_BUFFER_BYTES)];
      for (long done = 0; done < unitLength; ) {
        int n = (int) Math.min(buf.length, unitLength - done);
        remote.readFully(unitStart + done, buf, 0, n); // a remote failure is the caller's error
        stats.bytesReadRemote.add(n);
        try {
          writer.write(buf, 0, n);
        } catch (IOException e) {
          health.reportFailure(e);
          return null;
        }
        done += n;
      }
      try {
        CacheEntry entry = writer.seal(key, unitStart, dir.resolve(EntryFormat.entryName(key)));
        published = index.publish(reservation, writer.tempFile(), entry);
        return published ? entry : null;
      } catch (IOException e) {
        health.reportFailure(e);
        return null;
      }
    } finally {
      if (writer != null && !published) {
        writer.abandon();
      }
      index.release(reservation);
    }
  }
}
