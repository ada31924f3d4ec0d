package io.sediment.lsm.internal.read;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The user-facing iterator: turns a merged {@link InternalIterator} over every source (all versions
 * of all keys, internal-key order) into the visible user keys at one snapshot, after leveldb's and
 * RocksDB's DBIter.
 *
 * <p>For each user key, the visible value is decided by its entries at or below the snapshot,
 * newest first: a PUT gives its value; a DELETE, or an entry older than a covering range tombstone
 * (from the {@link TombstoneSet}), hides the key; MERGE operands accumulate until such a base and
 * are folded oldest first by {@link MergeFunction#fullMerge} (onto no base when hidden or
 * exhausted).
 *
 * <p>Positioning invariants, which direction switches restore:
 *
 * <ul>
 *   <li>Moving forward, the internal iterator is at or after the current key's newest visible entry
 *       and before the next user key's entries (or at them, after a merge consumed the current
 *       key's entries).
 *   <li>Moving backward, the internal iterator is at the last entry before the current key's
 *       entries (or invalid at the front): backward scans see a key's entries oldest first and
 *       decide the key when they reach the previous user key.
 * </ul>
 *
 * The current key and value are copied into reused buffers; {@link #key()} and {@link #value()}
 * return fresh copies. Closing closes the internal iterator and then runs {@code onClose} (which
 * releases what the store pinned for this iterator).
 */
public final class DbIteratorImpl implements DbIterator {

  private static final int DELETE = ValueType.DELETE.code();
  private static final int PUT = ValueType.PUT.code();
  private static final int MERGE = ValueType.MERGE.code();

  private final InternalIterator iter;
  private final TombstoneSet tombstones;
  private final long snapshotSeq;
  private final MergeFunction mergeFunction;
  private final byte[] lower;
  private final byte[] upper;
  private final Runnable onClose;

  private boolean valid;
  private boolean forward = true;
  private boolean closed;
  private byte[] savedKey = new byte[32];
  private int savedKeyLength;
  private byte[] savedValue = new byte[64];
  private int savedValueLength;
  private byte[] seekBuffer = new byte[40];
  private final List<byte[]> operands = new ArrayList<>();

  /**
   * @param merged every source's point entries merged; owned (closed) by this iterator
   * @param tombstones every source's range tombstones
   * @param snapshotSeq entries above this sequence number are invisible
   * @param mergeFunction the store's merge function, or null
   * @param lower inclusive lower bound on user keys, or null
   * @param upper exclusive upper bound on user keys, or null
   * @param onClose run once on the first {@link #close()}
   */
  public DbIteratorImpl(
      InternalIterator merged,
      TombstoneSet tombstones,
      long snapshotSeq,
      MergeFunction mergeFunction,
      byte[] lower,
      byte[] upper,
      Runnable onClose) {
    if (merged == null || tombstones == null || onClose == null) {
      throw new IllegalArgumentException("merged iterator, tombstones and onClose are required");
    }
    if (snapshotSeq < 0) {
      throw new IllegalArgumentException("negative snapshot sequence " + snapshotSeq);
    }
    this.iter = merged;
    this.tombstones = tombstones;
    this.snapshotSeq = Math.min(snapshotSeq, InternalKey.MAX_SEQUENCE);
    this.mergeFunction = mergeFunction;
    this.lower = lower == null ? null : lower.clone();
    this.upper = upper == null ? null : upper.clone();
    this.onClose = onClose;
  }

  @Override
  public boolean isValid() {
    checkOpen();
    return valid;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    try {
      forward = true;
      if (lower != null) {
        seekInternal(lower, snapshotSeq, ValueType.FOR_SEEK);
      } else {
        iter.seekToFirst();
      }
      findNextUserEntry(false);
    } catch (RuntimeException e) {
      valid = false;
      throw e;
    }
  }

  @Override
  public void seekToLast() {
    checkOpen();
    try {
      forward = false;
      if (upper != null) {
        // Before the smallest internal key of `upper`, i.e. after every entry of smaller keys.
        seekForPrevInternal(upper, InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK);
      } else {
        iter.seekToLast();
      }
      findPrevUserEntry();
    } catch (RuntimeException e) {
      valid = false;
      throw e;
    }
  }

  @Override
  public void seek(byte[] target) {
    checkOpen();
    requireTarget(target);
    try {
      forward = true;
      byte[] t = target;
      if (lower != null && Arrays.compareUnsigned(t, lower) < 0) {
        t = lower;
      }
      if (upper != null && Arrays.compareUnsigned(t, upper) >= 0) {
        valid = false;
        return;
      }
      seekInternal(t, snapshotSeq, ValueType.FOR_SEEK);
      findNextUserEntry(false);
    } catch (RuntimeException e) {
      valid = false;
      throw e;
    }
  }

  @Override
  public void seekForPrev(byte[] target) {
    checkOpen();
    requireTarget(target);
    if (upper != null && Arrays.compareUnsigned(target, upper) >= 0) {
      seekToLast();
      return;
    }
    try {
      forward = false;
      if (lower != null && Arrays.compareUnsigned(target, lower) < 0) {
        valid = false;
        return;
      }
      // After the largest internal key of `target` (sequence 0, lowest type code), i.e. at or
      // after its oldest entry.
      seekForPrevInternal(target, 0, ValueType.DELETE);
      findPrevUserEntry();
    } catch (RuntimeException e) {
      valid = false;
      throw e;
    }
  }

  @Override
  public void next() {
    checkValid();
    try {
      if (!forward) {
        // Re-enter the current key's entries from the front; the scan below skips them.
        seekInternal(savedKey, savedKeyLength, InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK);
        forward = true;
      }
      findNextUserEntry(true);
    } catch (RuntimeException e) {
      valid = false;
      throw e;
    }
  }

  @Override
  public void prev() {
    checkValid();
    try {
      if (forward) {
        // Go to the last entry before the current key's entries.
        seekForPrevInternal(savedKey, savedKeyLength, InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK);
        forward = false;
      }
      findPrevUserEntry();
    } catch (RuntimeException e) {
      valid = false;
      throw e;
    }
  }

  @Override
  public byte[] key() {
    checkValid();
    return Arrays.copyOf(savedKey, savedKeyLength);
  }

  @Override
  public byte[] value() {
    checkValid();
    return Arrays.copyOf(savedValue, savedValueLength);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    valid = false;
    try {
      iter.close();
    } finally {
      onClose.run();
    }
  }

  /**
   * Scans forward from the internal iterator's position to the first visible user key; with {@code
   * skipping}, first skips the entries of the saved key.
   */
  private void findNextUserEntry(boolean skipping) {
    while (iter.isValid()) {
      byte[] k = iter.keyArray();
      int ko = iter.keyOffset();
      int kl = iter.keyLength();
      int ukl = kl - InternalKey.TRAILER_BYTES;
      if (skipping) {
        if (Arrays.equals(k, ko, ko + ukl, savedKey, 0, savedKeyLength)) {
          iter.next();
          continue;
        }
        skipping = false;
      }
      if (upper != null && Arrays.compareUnsigned(k, ko, ko + ukl, upper, 0, upper.length) >= 0) {
        break;
      }
      long trailer = InternalKey.trailer(k, ko, kl);
      long seq = trailer >>> 8;
      int code = (int) (trailer & 0xFF);
      if (seq > snapshotSeq) {
        iter.next();
        continue;
      }
      if (code == DELETE || isCovered(k, ko, ukl, seq)) {
        setSavedKey(k, ko, ukl);
        skipping = true;
        iter.next();
        continue;
      }
      if (code == PUT) {
        setSavedKey(k, ko, ukl);
        setSavedValue(iter.valueArray(), iter.valueOffset(), iter.valueLength());
        valid = true;
        return;
      }
      if (code == MERGE) {
        setSavedKey(k, ko, ukl);
        mergeForward(seq);
        valid = true;
        return;
      }
      throw unexpectedType(k, ko, kl);
    }
    valid = false;
  }

  /**
   * At the saved key's newest visible entry, a MERGE at {@code firstSeq}: collects operands down to
   * a base, folds. An entry with the same sequence number as the one before it is the same write
   * seen through two sources (see {@link #isRepeat}) and is skipped.
   */
  private void mergeForward(long firstSeq) {
    checkMergeFunction();
    operands.clear();
    operands.add(copyValue());
    byte[] base = null;
    long lastSeq = firstSeq;
    iter.next();
    while (iter.isValid()) {
      byte[] k = iter.keyArray();
      int ko = iter.keyOffset();
      int kl = iter.keyLength();
      int ukl = kl - InternalKey.TRAILER_BYTES;
      if (!Arrays.equals(k, ko, ko + ukl, savedKey, 0, savedKeyLength)) {
        break;
      }
      long trailer = InternalKey.trailer(k, ko, kl);
      long seq = trailer >>> 8;
      int code = (int) (trailer & 0xFF);
      if (isRepeat(seq, lastSeq)) {
        iter.next();
        continue;
      }
      lastSeq = seq;
      if (code == DELETE || isCovered(k, ko, ukl, seq)) {
        break;
      }
      if (code == PUT) {
        base = copyValue();
        break;
      }
      if (code != MERGE) {
        throw unexpectedType(k, ko, kl);
      }
      operands.add(copyValue());
      iter.next();
    }
    Collections.reverse(operands);
    setMergeResult(base);
  }

  /**
   * Scans backward from the internal iterator's position to the previous visible user key. Each
   * key's entries arrive oldest first; its state (value, deleted, operands on top) is replayed
   * forward in time and decided when the scan reaches a smaller key or the front.
   */
  private void findPrevUserEntry() {
    boolean haveKey = false;
    boolean hasValue = false;
    long lastSeq = -1;
    operands.clear();
    while (iter.isValid()) {
      byte[] k = iter.keyArray();
      int ko = iter.keyOffset();
      int kl = iter.keyLength();
      int ukl = kl - InternalKey.TRAILER_BYTES;
      if (haveKey && !Arrays.equals(k, ko, ko + ukl, savedKey, 0, savedKeyLength)) {
        if (resolveBackward(hasValue)) {
          valid = true;
          return;
        }
        haveKey = false;
      }
      if (!haveKey) {
        if (lower != null && Arrays.compareUnsigned(k, ko, ko + ukl, lower, 0, lower.length) < 0) {
          break;
        }
        if (upper != null && Arrays.compareUnsigned(k, ko, ko + ukl, upper, 0, upper.length) >= 0) {
          iter.prev();
          continue;
        }
        setSavedKey(k, ko, ukl);
        haveKey = true;
        hasValue = false;
        lastSeq = -1;
        operands.clear();
      }
      long trailer = InternalKey.trailer(k, ko, kl);
      long seq = trailer >>> 8;
      int code = (int) (trailer & 0xFF);
      if (isRepeat(seq, lastSeq)) {
        iter.prev();
        continue;
      }
      lastSeq = seq;
      if (seq <= snapshotSeq) {
        if (code == DELETE || isCovered(k, ko, ukl, seq)) {
          hasValue = false;
          operands.clear();
        } else if (code == PUT) {
          setSavedValue(iter.valueArray(), iter.valueOffset(), iter.valueLength());
          hasValue = true;
          operands.clear();
        } else if (code == MERGE) {
          operands.add(copyValue());
        } else {
          throw unexpectedType(k, ko, kl);
        }
      }
      iter.prev();
    }
    valid = haveKey && resolveBackward(hasValue);
  }

  /**
   * Whether an entry of the current user key repeats the previous one. Sequence numbers are unique
   * per write, so two entries of one key with the same number are one write met twice: a reader
   * that takes the memtables while a flush is installing their file sees it in both. Replaying a
   * put twice is harmless, but a merge operand must be folded once.
   */
  private static boolean isRepeat(long seq, long lastSeq) {
    return seq == lastSeq;
  }

  /** Decides the saved key after a backward scan of its entries; true if it is visible. */
  private boolean resolveBackward(boolean hasValue) {
    if (operands.isEmpty()) {
      return hasValue;
    }
    checkMergeFunction();
    byte[] base = hasValue ? Arrays.copyOf(savedValue, savedValueLength) : null;
    setMergeResult(base); // operands are already oldest first
    return true;
  }

  private void setMergeResult(byte[] base) {
    byte[] key = Arrays.copyOf(savedKey, savedKeyLength);
    byte[] merged = mergeFunction.fullMerge(key, base, new ArrayList<>(operands));
    if (merged == null) {
      throw new IllegalStateException(
          "merge function "
              + mergeFunction.name()
              + " returned null for key "
              + Bytes.toDisplay(key));
    }
    operands.clear();
    savedValue = merged; // ours now: callers get copies
    savedValueLength = merged.length;
  }

  private boolean isCovered(byte[] k, int ko, int ukl, long seq) {
    return !tombstones.isEmpty() && seq < tombstones.maxCoveringSequence(k, ko, ukl, snapshotSeq);
  }

  private void seekInternal(byte[] userKey, long seq, ValueType type) {
    seekInternal(userKey, userKey.length, seq, type);
  }

  private void seekInternal(byte[] userKey, int length, long seq, ValueType type) {
    int n = buildSeekKey(userKey, length, seq, type);
    iter.seek(seekBuffer, 0, n);
  }

  private void seekForPrevInternal(byte[] userKey, long seq, ValueType type) {
    seekForPrevInternal(userKey, userKey.length, seq, type);
  }

  private void seekForPrevInternal(byte[] userKey, int length, long seq, ValueType type) {
    int n = buildSeekKey(userKey, length, seq, type);
    iter.seekForPrev(seekBuffer, 0, n);
  }

  private int buildSeekKey(byte[] userKey, int length, long seq, ValueType type) {
    int n = length + InternalKey.TRAILER_BYTES;
    if (seekBuffer.length < n) {
      seekBuffer = new byte[Math.max(n, seekBuffer.length * 2)];
    }
    System.arraycopy(userKey, 0, seekBuffer, 0, length);
    InternalKey.putTrailer(seekBuffer, length, InternalKey.trailer(seq, type));
    return n;
  }

  private void setSavedKey(byte[] k, int off, int len) {
    if (savedKey.length < len) {
      savedKey = new byte[Math.max(len, savedKey.length * 2)];
    }
    System.arraycopy(k, off, savedKey, 0, len);
    savedKeyLength = len;
  }

  private void setSavedValue(byte[] v, int off, int len) {
    if (savedValue.length < len) {
      savedValue = new byte[Math.max(len, savedValue.length * 2)];
    }
    System.arraycopy(v, off, savedValue, 0, len);
    savedValueLength = len;
  }

  private byte[] copyValue() {
    int off = iter.valueOffset();
    return Arrays.copyOfRange(iter.valueArray(), off, off + iter.valueLength());
  }

  private void checkMergeFunction() {
    if (mergeFunction == null) {
      throw new IllegalStateException(
          "merge operand for key "
              + Bytes.toDisplay(savedKey, 0, savedKeyLength)
              + " but no merge function");
    }
  }

  private static IllegalStateException unexpectedType(byte[] k, int ko, int kl) {
    return new IllegalStateException(
        "unexpected entry in a point iterator: " + InternalKey.toString(k, ko, kl));
  }

  private static void requireTarget(byte[] target) {
    if (target == null) {
      throw new IllegalArgumentException("target must not be null");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("iterator is closed");
    }
  }

  private void checkValid() {
    checkOpen();
    if (!valid) {
      throw new IllegalStateException("iterator is not positioned at a key");
    }
  }
}
