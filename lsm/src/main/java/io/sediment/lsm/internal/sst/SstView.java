package io.sediment.lsm.internal.sst;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.PointLookupSink;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.rangedel.CoveredFile;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One file reference's view of its SST: the reader with the reference's clip applied (see {@link
 * FileMetadata}). Every read of a live file goes through it, so a clipped reference reads as its
 * file with every point entry outside {@code [clipLower, clipUpper)} removed and every range
 * tombstone cut to the clip: iterators are wrapped in a {@link ClippedIterator}, point lookups of a
 * key outside the clip find nothing, and {@link #rangeTombstones()} returns the cut tombstones.
 * Without a clip it passes everything straight to the reader.
 *
 * <p>Thread-safe as the reader is; it does not own the reader (closing it is the caller's job).
 */
public final class SstView {

  private final SstReader reader;
  private final byte[] lower;
  private final byte[] upper;
  private final List<RangeTombstone> tombstones;

  /**
   * @param reader the file's reader
   * @param file the reference: its clip applies
   */
  public SstView(SstReader reader, FileMetadata file) {
    this(reader, file.clipLower(), file.clipUpper());
  }

  /**
   * @param reader the file's reader
   * @param lower inclusive lower user key of the clip, or null
   * @param upper exclusive upper user key of the clip, or null
   * @throws IllegalArgumentException if both ends are given and lower is not before upper
   */
  public SstView(SstReader reader, byte[] lower, byte[] upper) {
    if (lower != null && upper != null && InternalKey.compareUserKeys(lower, upper) >= 0) {
      throw new IllegalArgumentException(
          "empty clip of file " + reader.fileNumber() + ": lower end is not before upper end");
    }
    this.reader = reader;
    this.lower = lower;
    this.upper = upper;
    this.tombstones =
        lower == null && upper == null
            ? reader.rangeTombstones()
            : cut(reader.rangeTombstones(), lower, upper);
  }

  /** The parts of {@code tombstones} inside {@code [lower, upper)}, in the same order. */
  static List<RangeTombstone> cut(List<RangeTombstone> tombstones, byte[] lower, byte[] upper) {
    List<RangeTombstone> out = new ArrayList<>(tombstones.size());
    for (RangeTombstone t : tombstones) {
      byte[] begin =
          lower != null && InternalKey.compareUserKeys(t.begin(), lower) < 0 ? lower : t.begin();
      byte[] end =
          upper != null && InternalKey.compareUserKeys(t.end(), upper) > 0 ? upper : t.end();
      if (InternalKey.compareUserKeys(begin, end) < 0) {
        out.add(
            begin == t.begin() && end == t.end()
                ? t
                : new RangeTombstone(begin, end, t.sequence()));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The whole file's reader, clip not applied. */
  public SstReader reader() {
    return reader;
  }

  /**
   * The user-key span {@code [lower, upperExclusive)} of what this view can hold: the file's bounds
   * cut to the clip; null when nothing of the file lies inside the clip. See {@link
   * CoveredFile#span}.
   */
  public byte[][] span() {
    SstProperties p = reader.properties();
    return CoveredFile.span(p.smallestKey(), p.largestKey(), lower, upper);
  }

  /** Whether a clip applies. */
  public boolean clipped() {
    return lower != null || upper != null;
  }

  /** Whether {@code userKey} lies inside the clip (always true without one). */
  public boolean contains(byte[] userKey) {
    return (lower == null || InternalKey.compareUserKeys(lower, userKey) <= 0)
        && (upper == null || InternalKey.compareUserKeys(userKey, upper) < 0);
  }

  /** {@link #newIterator(boolean)} filling the block cache. */
  public InternalIterator newIterator() {
    return newIterator(true);
  }

  /**
   * A new, unpositioned iterator over the point entries inside the clip; the caller closes it.
   *
   * @param fillCache as {@link SstReader#newIterator(boolean)}
   * @throws IllegalStateException if the reader is closed
   */
  public InternalIterator newIterator(boolean fillCache) {
    InternalIterator it = reader.newIterator(fillCache);
    return clipped() ? new ClippedIterator(it, lower, upper) : it;
  }

  /** The range tombstones cut to the clip (those wholly outside it left out), in write order. */
  public List<RangeTombstone> rangeTombstones() {
    return tombstones;
  }

  /**
   * {@link SstReader#get} for a key inside the clip; a key outside it has no entry here.
   *
   * @throws io.sediment.lsm.CorruptionException if a data block it reads fails a check
   * @throws IOException naming the file if it cannot be read
   * @throws IllegalArgumentException for a negative snapshot sequence
   */
  public void get(byte[] userKey, long snapshotSeq, PointLookupSink sink) throws IOException {
    if (!contains(userKey)) {
      return;
    }
    reader.get(userKey, snapshotSeq, sink);
  }

  /**
   * {@link SstReader#blockFor} for a key inside the clip; -1 for a key outside it (no entry here).
   * The rest of a batched lookup goes to {@link #reader()}: {@link SstReader#cachedBlock}, {@link
   * SstReader#readBlock}, {@link SstReader#getInBlock}.
   *
   * @throws IllegalArgumentException for a negative snapshot sequence
   */
  public int blockFor(byte[] userKey, long snapshotSeq) {
    return contains(userKey) ? reader.blockFor(userKey, snapshotSeq) : -1;
  }

  @Override
  public String toString() {
    return clipped() ? reader + " clipped" : reader.toString();
  }
}
