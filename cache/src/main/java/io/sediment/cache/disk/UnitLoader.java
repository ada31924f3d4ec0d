package io.sediment.cache.disk;

import io.sediment.fs.ReadableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies units that reads missed into the cache in the background, so that no reader waits for a
 * copy: the reader that missed reads just its own bytes from remote, and the unit is served locally
 * once its copy is complete.
 *
 * <p>Why: a unit is far larger than a read (a 1 MiB segment against a 4 KiB block). A reader that
 * first copied the unit would pay for the whole transfer, and every lookup of a batch would wait
 * for that one.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Admission is decided when a load starts: its room is reserved then (evicting what TinyLFU
 *       lets it evict), so the budget holds exactly as for any other copy, and whatever is left of
 *       the reservation goes back to the budget however the load ends.
 *   <li>A unit is loaded at most once at a time: a miss on a unit already loading starts nothing.
 *   <li>At most {@code maxLoads} loads are queued or running; a miss beyond that starts nothing,
 *       and a later miss of the unit tries again.
 *   <li>A copy is published complete (written under a temporary name, renamed into place) or not at
 *       all. A remote failure drops the load quietly: the readers see remote errors through their
 *       own reads. A local failure disables the cache through {@link DiskHealth}, like any other.
 *   <li>After {@link #close()} returns, no load writes or publishes anything.
 * </ul>
 *
 * <p>Thread-safe and without a lock on the path of a miss: starting a load costs a set insertion, a
 * counter update and the index's reservation.
 */
final class UnitLoader {

  /** Copy buffer: large transfers, bounded memory for whole-file units. */
  private static final int COPY_BUFFER_BYTES = 1 << 20;

  private final Path dir;
  private final int chunkBytes;
  private final CacheIndex index;
  private final DiskHealth health;
  private final StatsCounters stats;
  private final Executor executor;
  private final int maxLoads;
  private final Set<SegmentKey> loading = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closed;

  /**
   * @param executor runs the loads; a direct executor makes every load finish before {@link
   *     #startLoad} returns
   * @param maxLoads most loads queued or running at once
   */
  UnitLoader(
      Path dir,
      int chunkBytes,
      CacheIndex index,
      DiskHealth health,
      StatsCounters stats,
      Executor executor,
      int maxLoads) {
    this.dir = dir;
    this.chunkBytes = chunkBytes;
    this.index = index;
    this.health = health;
    this.stats = stats;
    this.executor = executor;
    this.maxLoads = maxLoads;
  }

  /**
   * Starts copying unit {@code key}, which spans {@code [unitStart, unitStart + unitLength)} of
   * {@code remote}, unless it is loading already, {@code maxLoads} loads are under way, the loader
   * is closed or admission refuses it. Does not wait for the copy.
   */
  void startLoad(ReadableFile remote, SegmentKey key, long unitStart, long unitLength) {
    if (closed || !loading.add(key)) {
      return;
    }
    if (!begin()) {
      loading.remove(key);
      return;
    }
    Load load = new Load(remote, key, unitStart, unitLength);
    boolean handedOver = false;
    try {
      load.reservation =
          index.reserveForRead(key, EntryFormat.diskBytes(key.file(), unitLength, chunkBytes));
      if (load.reservation != null) {
        executor.execute(load);
        handedOver = true;
      }
    } catch (RejectedExecutionException e) {
      // The executor is shut down: no load, as if admission had refused it.
    } finally {
      if (!handedOver) {
        load.finish();
      }
    }
  }

  /** Loads queued or running now (for tests). */
  int loadsInFlight() {
    return inFlight.get();
  }

  /** Whether {@link #close()} was called (for tests). */
  boolean isClosed() {
    return closed;
  }

  /**
   * Starts no more loads and waits for those under way, which stop at their next step without
   * publishing. Idempotent. An interrupt does not cut the wait short; it is kept for the caller.
   */
  void close() {
    closed = true;
    boolean interrupted = false;
    synchronized (this) {
      while (inFlight.get() > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // a load left running could still write: wait for it all the same
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes a place among the loads in flight; false if there is none or the loader is closed. */
  private boolean begin() {
    for (int n = inFlight.get(); ; n = inFlight.get()) {
      if (n >= maxLoads) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        break;
      }
    }
    // close() sets the flag before it reads the count: either it sees this load or this sees it.
    if (closed) {
      end();
      return false;
    }
    return true;
  }

  private void end() {
    if (inFlight.decrementAndGet() == 0 && closed) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** One unit's copy, from its start to its cleanup. */
  private final class Load implements Runnable {
    private final ReadableFile remote;
    private final SegmentKey key;
    private final long unitStart;
    private final long unitLength;
    private final AtomicBoolean finished = new AtomicBoolean();
    Reservation reservation;

    Load(ReadableFile remote, SegmentKey key, long unitStart, long unitLength) {
      this.remote = remote;
      this.key = key;
      this.unitStart = unitStart;
      this.unitLength = unitLength;
    }

    @Override
    public void run() {
      EntryWriter writer = null;
      boolean published = false;
      try {
        if (closed) {
          return;
        }
        try {
          writer = EntryWriter.create(dir, chunkBytes);
        } catch (IOException e) {
          health.reportFailure(e);
          return;
        }
        byte[] buf = new byte[(int) Math.min(unitLength, COPY_BUFFER_BYTES)];
        for (long done = 0; done < unitLength; ) {
          int n = (int) Math.min(buf.length, unitLength - done);
          if (!readRemote(unitStart + done, buf, n) || closed) {
            return;
          }
          try {
            writer.write(buf, 0, n);
          } catch (IOException e) {
            health.reportFailure(e);
            return;
          }
          done += n;
        }
        try {
          CacheEntry entry = writer.seal(key, unitStart, dir.resolve(EntryFormat.entryName(key)));
          // Checked last, before the entry becomes visible: close() waits for this load, so a
          // load that passed here publishes before close() returns, and any other does not.
          if (!closed) {
            published = index.publish(reservation, writer.tempFile(), entry);
          }
        } catch (IOException e) {
          health.reportFailure(e);
        }
      } finally {
        if (writer != null && !published) {
          writer.abandon();
        }
        finish();
      }
    }

    /** One remote read of the copy; false if it failed (dropped: no reader waits for it). */
    private boolean readRemote(long position, byte[] buf, int length) {
      try {
        remote.readFully(position, buf, 0, length);
      } catch (IOException e) {
        return false;
      } catch (IllegalStateException fileClosed) {
        return false; // the file was closed for good after the miss: nobody will read it again
      }
      stats.bytesReadRemote.add(length);
      return true;
    }

    /** Returns the reservation's rest and the load's place; once, whatever the path. */
    void finish() {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      if (reservation != null) {
        index.release(reservation);
      }
      loading.remove(key);
      end();
    }
  }
}
