package io.sediment.lsm.internal.read;

import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.PointLookupSink;
import io.sediment.lsm.internal.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Resolves one point lookup across sources visited newest first (memtable, immutable memtables, L0
 * files newest first, then one file per deeper level), as RocksDB's GetContext.
 *
 * <p>Usage: for each source, call {@link #coveredBelow} with the highest sequence number (at most
 * the snapshot) of a range tombstone from that source or a newer one covering the key, then let the
 * source feed entries to {@link #accept}; stop when {@link #isDone()}. Finally {@link #result()}.
 *
 * <p>Rules, entries arriving newest first:
 *
 * <ul>
 *   <li>An entry older than a covering range tombstone is deleted: the lookup ends like at a
 *       DELETE.
 *   <li>PUT: the lookup ends with that value, folded with the merge operands collected so far.
 *   <li>DELETE: the lookup ends with no value, or with the operands folded onto no base.
 *   <li>MERGE: the operand is collected and the lookup continues to older entries.
 *   <li>Sources exhausted with operands collected: they are folded onto no base.
 * </ul>
 *
 * <p>Errors: a MERGE entry without a merge function throws {@link IllegalStateException} naming the
 * key; an entry above the snapshot (a source that failed to filter) also throws {@link
 * IllegalStateException}. Not thread-safe. An instance may serve many lookups one after another:
 * {@link #reset} starts the next one and {@link #clear()} drops the references of the last, which
 * lets a reader keep one per thread and allocate nothing per lookup.
 */
public final class GetContext implements PointLookupSink {

  private byte[] userKey;
  private long snapshotSeq;
  private MergeFunction mergeFunction;
  private boolean inUse;
  private long coveringSeq = -1;
  private long lastSeq = -1;
  private boolean done;
  private byte[] base;
  private List<byte[]> operands; // newest first
  private boolean resolved;
  private byte[] result;

  /**
   * @param userKey the key looked up
   * @param snapshotSeq the reader's snapshot: sources feed only entries at or below it
   * @param mergeFunction the store's merge function, or null if it has none
   */
  public GetContext(byte[] userKey, long snapshotSeq, MergeFunction mergeFunction) {
    reset(userKey, snapshotSeq, mergeFunction);
  }

  /** Starts a new lookup with this instance, forgetting everything about the previous one. */
  public void reset(byte[] userKey, long snapshotSeq, MergeFunction mergeFunction) {
    if (userKey == null) {
      throw new IllegalArgumentException("userKey must not be null");
    }
    this.userKey = userKey;
    this.snapshotSeq = snapshotSeq;
    this.mergeFunction = mergeFunction;
    this.inUse = true;
    this.coveringSeq = -1;
    this.lastSeq = -1;
    this.done = false;
    this.base = null;
    this.operands = null;
    this.resolved = false;
    this.result = null;
  }

  /** Ends the current lookup: drops references to keys and values so they can be collected. */
  public void clear() {
    userKey = null;
    mergeFunction = null;
    base = null;
    operands = null;
    result = null;
    inUse = false;
  }

  /** Whether a lookup is under way (between {@link #reset} or construction and {@link #clear}). */
  public boolean inUse() {
    return inUse;
  }

  /**
   * Records that a range tombstone with sequence number {@code tombstoneSeq} (visible at the
   * snapshot) covers the key: entries below it are deleted. Call before visiting each source with
   * the maximum over that source and newer ones; -1 means none. Taking the maximum makes repeated
   * calls safe.
   */
  public void coveredBelow(long tombstoneSeq) {
    if (tombstoneSeq > coveringSeq) {
      coveringSeq = tombstoneSeq;
    }
  }

  @Override
  public boolean accept(
      long sequence, ValueType type, byte[] value, int valueOffset, int valueLength) {
    if (done) {
      return false;
    }
    if (sequence > snapshotSeq) {
      throw new IllegalStateException(
          "source fed entry @"
              + sequence
              + " of key "
              + Bytes.toDisplay(userKey)
              + " above snapshot "
              + snapshotSeq);
    }
    if (lastSeq >= 0 && sequence >= lastSeq) {
      // Sources come newest first, so a real older entry has a smaller number. One that does not
      // is a write met again through another source (a memtable and the file it is being flushed
      // to): sequence numbers are unique per write, and a merge operand counts once.
      return true;
    }
    lastSeq = sequence;
    if (sequence < coveringSeq) {
      done = true; // deleted by a range tombstone: ends like a DELETE
      return false;
    }
    switch (type) {
      case PUT -> {
        base = Arrays.copyOfRange(value, valueOffset, valueOffset + valueLength);
        done = true;
        return false;
      }
      case DELETE -> {
        done = true;
        return false;
      }
      case MERGE -> {
        if (mergeFunction == null) {
          throw new IllegalStateException(
              "merge operand for key " + Bytes.toDisplay(userKey) + " but no merge function");
        }
        if (operands == null) {
          operands = new ArrayList<>(4);
        }
        operands.add(Arrays.copyOfRange(value, valueOffset, valueOffset + valueLength));
        return true;
      }
      default ->
          throw new IllegalStateException(
              "unexpected entry type " + type + " for key " + Bytes.toDisplay(userKey));
    }
  }

  /** Whether the lookup is resolved: no older entry can change the result. */
  public boolean isDone() {
    return done;
  }

  /** Whether any entry (including a deletion) was met so far. */
  public boolean foundAnyEntry() {
    return done || operands != null;
  }

  /**
   * The value, or null when the key is absent or deleted. Folds collected operands (oldest first)
   * with {@link MergeFunction#fullMerge} once; later calls return the same array.
   */
  public byte[] result() {
    if (!resolved) {
      if (operands != null) {
        List<byte[]> oldestFirst = new ArrayList<>(operands);
        Collections.reverse(oldestFirst);
        result = mergeFunction.fullMerge(userKey, base, oldestFirst);
        if (result == null) {
          throw new IllegalStateException(
              "merge function "
                  + mergeFunction.name()
                  + " returned null for key "
                  + Bytes.toDisplay(userKey));
        }
      } else {
        result = base;
      }
      resolved = true;
    }
    return result;
  }
}
