package io.sediment.cache.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local side of a write-through: the bytes of a file being written to remote, cut into cache
 * units as they arrive, held in temporary files and charged to the budget as they grow.
 *
 * <p>Nothing becomes visible before {@link #publish}, which runs only after the remote file closed
 * successfully, because only then is the file's identity (its final length, and for views its
 * modification time) known. Not thread-safe: one writer.
 *
 * <p>{@link #write} returns false when the budget cannot make room even by evicting everything
 * evictable; local I/O failures throw. Either way the owner then calls {@link #abandon()}.
 */
final class WriteThroughCopy {

  /** Budget is taken in steps of this size, so the index lock is not taken per small write. */
  private static final long GROW_STEP_BYTES = 1 << 20;

  private final Path dir;
  private final int chunkBytes;
  private final SegmentLayout layout;
  private final CacheIndex index;
  private final Reservation reservation;
  private final List<EntryWriter> units = new ArrayList<>();
  private EntryWriter current;
  private long granted;
  private long consumed;

  private WriteThroughCopy(
      Path dir, int chunkBytes, SegmentLayout layout, CacheIndex index, Reservation reservation) {
    this.dir = dir;
    this.chunkBytes = chunkBytes;
    this.layout = layout;
    this.index = index;
    this.reservation = reservation;
  }

  /** Starts a copy for {@code remotePath}, or returns null if there is no room at all. */
  static WriteThroughCopy start(
      Path dir, int chunkBytes, SegmentLayout layout, CacheIndex index, String remotePath) {
    Reservation r = index.reserveForWrite(remotePath, 0);
    return r == null ? null : new WriteThroughCopy(dir, chunkBytes, layout, index, r);
  }

  /** Appends bytes; false if the budget has no room for them. */
  boolean write(byte[] src, int offset, int length) throws IOException {
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      if (current == null) {
        current = EntryWriter.create(dir, chunkBytes);
        units.add(current);
      }
      long room = layout.maxUnitBytes() - current.dataLength();
      int n = (int) Math.min(end - pos, room);
      if (!charge(n)) {
        return false;
      }
      current.write(src, pos, n);
      pos += n;
      if (current.dataLength() == layout.maxUnitBytes()) {
        current.suspend(); // full: release its handle until it is sealed
        current = null;
      }
    }
    return true;
  }

  /** Makes sure {@code bytes} more may be written without exceeding the budget. */
  private boolean charge(long bytes) {
    long missing = consumed + bytes - granted;
    if (missing > 0) {
      long step = Math.max(missing, GROW_STEP_BYTES);
      if (index.grow(reservation, step)) {
        granted += step;
      } else if (index.grow(reservation, missing)) {
        granted += missing;
      } else {
        return false;
      }
    }
    consumed += bytes;
    return true;
  }

  /**
   * Seals every unit under {@code file}'s identity and publishes it.
   *
   * @return false if the budget had no room for the trailers or the path was invalidated
   * @throws IOException if a local write or rename failed (units not yet published are abandoned)
   */
  boolean publish(FileIdentity file) throws IOException {
    try {
      for (int i = 0; i < units.size(); i++) {
        EntryWriter unit = units.get(i);
        SegmentKey key = new SegmentKey(file, i);
        if (unit.dataLength() != layout.lengthOf(file, i) || !charge(unit.sealBytes(key))) {
          return false;
        }
        long offset = layout.offsetOf(i);
        CacheEntry entry = unit.seal(key, offset, dir.resolve(EntryFormat.entryName(key)));
        if (!index.publish(reservation, unit.tempFile(), entry)) {
          return false;
        }
        units.set(i, null);
      }
      return true;
    } finally {
      abandon();
    }
  }

  /** Deletes whatever was not published and returns unused budget; never throws. */
  void abandon() {
    for (EntryWriter unit : units) {
      if (unit != null) {
        unit.abandon();
      }
    }
    units.clear();
    current = null;
    index.release(reservation);
  }
}
