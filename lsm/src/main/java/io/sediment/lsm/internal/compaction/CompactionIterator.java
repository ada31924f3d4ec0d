package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Turns the merged entries of a compaction's inputs into the entries to write, keeping exactly what
 * some reader can still see, after RocksDB's CompactionIterator.
 *
 * <p><b>Snapshot stripes.</b> The live snapshots {@code s0 < s1 < ... < s(k-1)} cut the sequence
 * numbers into stripes {@code [0, s0], (s0, s1], ..., (s(k-1), max]}; the last one is the latest
 * state. A reader at a snapshot in stripe i sees, for each key, the newest entry with a sequence
 * number at most {@code si}, so within one stripe only the newest entry of a key matters (plus the
 * merge operands above its base). Per key and stripe, newest first:
 *
 * <ul>
 *   <li>Entries older than a range tombstone of the same stripe are dropped: every reader that sees
 *       them sees the tombstone. An older entry in the stripe acts as a deletion below the merge
 *       operands above it.
 *   <li>PUT or DELETE: kept; older entries of the stripe are hidden and dropped.
 *   <li>MERGE operands above a PUT, DELETE or covered entry in the stripe are folded by {@link
 *       MergeFunction#fullMerge} into one PUT carrying the newest operand's sequence number.
 *   <li>Operands without a base in the stripe: at the bottommost level with nothing older at all,
 *       folded onto no base; else combined by {@link MergeFunction#partialMerge} when it offers a
 *       result, else kept as they are. Without a merge function, operands are kept and so is their
 *       base.
 * </ul>
 *
 * <p><b>Compaction filter.</b> Applied to the PUT kept in the latest stripe only (entries a live
 * snapshot pins are never filtered): KEEP, CHANGE_VALUE (new value, same sequence number) or REMOVE
 * (the PUT becomes a DELETE).
 *
 * <p><b>Bottommost level.</b> Nothing older lies below the output, so a key's oldest kept entries
 * that are DELETEs hide nothing and are dropped, and a range tombstone is kept only if some live
 * snapshot is older than it (only then can a kept entry be older than it; every other entry it
 * covers was dropped above). Elsewhere every range tombstone is kept: it covers data in lower
 * levels. A key's oldest kept entry, when it is a PUT that every live snapshot sees, gets sequence
 * number 0, as in RocksDB: every reader sees it, anything newer of the key (and any range tombstone
 * that covered it) has a larger number, and nothing of the key lies below it, so the number carries
 * no information, and zeros compress better. Sequence numbers of writes start at 1, so a zeroed
 * entry is never taken for another entry of its key.
 *
 * <p>The tombstone set must hold the range tombstones of the compaction's inputs. Snapshots taken
 * after the compaction started are newer than every input entry and read the latest stripe. Output
 * is forward only, in internal-key order; one key's entries are buffered at a time (only the ones
 * kept or needed for folding are copied). Not thread-safe. Exceptions from the merge function or
 * the filter, and {@link java.io.UncheckedIOException}s from the input, propagate and end the
 * compaction.
 */
public final class CompactionIterator implements AutoCloseable {

  private static final int DELETE = ValueType.DELETE.code();
  private static final int PUT = ValueType.PUT.code();
  private static final int MERGE = ValueType.MERGE.code();

  private final InternalIterator input;
  private final TombstoneSet tombstones;
  private final long[] snapshots;
  private final MergeFunction mergeFunction;
  private final CompactionFilter filter;
  private final int outputLevel;
  private final boolean bottommost;

  // The key being processed.
  private byte[] userKey;
  private int stripe;
  private boolean stripeResolved;
  private long stripeCover;
  private final List<byte[]> operands = new ArrayList<>(); // newest first
  private final List<Long> operandSeqs = new ArrayList<>();

  // Its output, newest first.
  private long[] outSeqs = new long[8];
  private byte[] outTypes = new byte[8];
  private byte[][] outValues = new byte[8][];
  private int outCount;
  private int outIndex;
  private byte[] keyBuffer = new byte[32];
  private int keyLength;

  private long inputEntries;
  private long outputEntries;
  private long filterRemoved;
  private long filterChanged;

  /**
   * @param input the compaction inputs' point entries, merged; owned (closed) by this iterator
   * @param tombstones the compaction inputs' range tombstones
   * @param liveSnapshotsAscending sequence numbers of the live snapshots, strictly ascending
   * @param mergeFunction the store's merge function, or null
   * @param filter the store's compaction filter, or null
   * @param outputLevel the level written to (passed to the filter)
   * @param bottommost whether no level below the output holds data for the compacted key range
   */
  public CompactionIterator(
      InternalIterator input,
      TombstoneSet tombstones,
      long[] liveSnapshotsAscending,
      MergeFunction mergeFunction,
      CompactionFilter filter,
      int outputLevel,
      boolean bottommost) {
    if (input == null || tombstones == null || liveSnapshotsAscending == null) {
      throw new IllegalArgumentException("input, tombstones and snapshots are required");
    }
    for (int i = 1; i < liveSnapshotsAscending.length; i++) {
      if (liveSnapshotsAscending[i - 1] >= liveSnapshotsAscending[i]) {
        throw new IllegalArgumentException(
            "live snapshots not strictly ascending: " + Arrays.toString(liveSnapshotsAscending));
      }
    }
    this.input = input;
    this.tombstones = tombstones;
    this.snapshots = liveSnapshotsAscending.clone();
    this.mergeFunction = mergeFunction;
    this.filter = filter;
    this.outputLevel = outputLevel;
    this.bottommost = bottommost;
  }

  /** Starts from the first input entry. */
  public void seekToFirst() {
    input.seekToFirst();
    outCount = 0;
    outIndex = 0;
    fill();
  }

  /**
   * Starts from the first input entry of a user key at or after {@code userKey}: the output from
   * there is what {@link #seekToFirst()} gives from that key on, since every decision is made per
   * user key.
   */
  public void seek(byte[] userKey) {
    input.seek(InternalKey.seekKey(userKey, InternalKey.MAX_SEQUENCE));
    outCount = 0;
    outIndex = 0;
    fill();
  }

  /** Whether positioned at an output entry. */
  public boolean isValid() {
    return outIndex < outCount;
  }

  /** Moves to the next output entry. */
  public void next() {
    if (!isValid()) {
      throw new IllegalStateException("compaction iterator is not positioned at an entry");
    }
    outIndex++;
    if (outIndex < outCount) {
      buildKey();
    } else {
      fill();
    }
  }

  /** Array holding the current output internal key (valid until the next call). */
  public byte[] keyArray() {
    return keyBuffer;
  }

  public int keyOffset() {
    return 0;
  }

  public int keyLength() {
    return keyLength;
  }

  /** Array holding the current output value. */
  public byte[] valueArray() {
    return outValues[outIndex];
  }

  public int valueOffset() {
    return 0;
  }

  public int valueLength() {
    return outValues[outIndex].length;
  }

  /** The current output entry's internal key as a new array. */
  public byte[] key() {
    return Arrays.copyOf(keyBuffer, keyLength);
  }

  /** The current output entry's value as a new array. */
  public byte[] value() {
    if (!isValid()) {
      throw new IllegalStateException("compaction iterator is not positioned at an entry");
    }
    return outValues[outIndex].clone();
  }

  /** The range tombstones to write to the outputs (see the class comment). */
  public List<RangeTombstone> tombstonesToKeep() {
    if (!bottommost) {
      return tombstones.tombstones();
    }
    List<RangeTombstone> keep = new ArrayList<>();
    for (RangeTombstone t : tombstones.tombstones()) {
      if (snapshots.length > 0 && snapshots[0] < t.sequence()) {
        keep.add(t);
      }
    }
    return keep;
  }

  /** Input entries consumed so far. */
  public long inputEntries() {
    return inputEntries;
  }

  /** Output entries produced so far (including the current one). */
  public long outputEntries() {
    return outputEntries;
  }

  /** PUTs the filter turned into deletions. */
  public long filterRemoved() {
    return filterRemoved;
  }

  /** PUTs the filter gave a new value. */
  public long filterChanged() {
    return filterChanged;
  }

  /** Closes the input. */
  @Override
  public void close() {
    input.close();
  }

  /** Processes keys until one has output or the input ends. */
  private void fill() {
    outCount = 0;
    outIndex = 0;
    while (outCount == 0 && input.isValid()) {
      processKey();
    }
    if (outCount > 0) {
      outputEntries += outCount;
      buildKey();
    }
  }

  private void processKey() {
    byte[] k = input.keyArray();
    int ko = input.keyOffset();
    int kl = input.keyLength();
    userKey = Arrays.copyOfRange(k, ko, ko + kl - InternalKey.TRAILER_BYTES);
    stripe = -1;
    while (input.isValid()) {
      k = input.keyArray();
      ko = input.keyOffset();
      kl = input.keyLength();
      if (!Arrays.equals(k, ko, ko + kl - InternalKey.TRAILER_BYTES, userKey, 0, userKey.length)) {
        break;
      }
      inputEntries++;
      long trailer = InternalKey.trailer(k, ko, kl);
      long seq = trailer >>> 8;
      int code = (int) (trailer & 0xFF);
      int s = stripeOf(seq);
      if (s != stripe) {
        if (stripe >= 0 && !stripeResolved) {
          finishStripeWithoutBase(false);
        }
        stripe = s;
        stripeResolved = false;
        operands.clear();
        operandSeqs.clear();
        long upper = s < snapshots.length ? snapshots[s] : InternalKey.MAX_SEQUENCE;
        stripeCover = tombstones.isEmpty() ? -1 : tombstones.maxCoveringSequence(userKey, upper);
      }
      if (!stripeResolved) {
        if (seq < stripeCover) {
          resolveStripe(-1, seq, null);
        } else if (code == PUT) {
          resolveStripe(PUT, seq, copyValue());
        } else if (code == DELETE) {
          resolveStripe(DELETE, seq, null);
        } else if (code == MERGE) {
          operands.add(copyValue());
          operandSeqs.add(seq);
        } else {
          throw new IllegalStateException(
              "unexpected entry in compaction input: " + InternalKey.toString(k, ko, kl));
        }
      }
      input.next();
    }
    if (stripe >= 0 && !stripeResolved) {
      finishStripeWithoutBase(true);
    }
    if (bottommost) {
      // Nothing lies below: deletions with nothing older to hide are dropped.
      while (outCount > 0 && outTypes[outCount - 1] == DELETE) {
        outCount--;
      }
      int oldest = outCount - 1;
      if (oldest >= 0
          && outTypes[oldest] == PUT
          && (snapshots.length == 0 || outSeqs[oldest] <= snapshots[0])) {
        outSeqs[oldest] = 0;
      }
    }
  }

  /**
   * The stripe's newest entry below its operands (if any) decides it. {@code baseType} is PUT,
   * DELETE, or -1 for an entry deleted by a range tombstone of the stripe.
   */
  private void resolveStripe(int baseType, long baseSeq, byte[] baseValue) {
    stripeResolved = true;
    if (operands.isEmpty()) {
      if (baseType == PUT) {
        emitPut(baseSeq, baseValue);
      } else if (baseType == DELETE) {
        emit(baseSeq, DELETE, new byte[0]);
      }
      return;
    }
    if (mergeFunction == null) {
      emitOperands();
      if (baseType == PUT) {
        emit(baseSeq, PUT, baseValue);
      } else if (baseType == DELETE) {
        emit(baseSeq, DELETE, new byte[0]);
      }
      return;
    }
    emitPut(operandSeqs.get(0), fullMerge(baseType == PUT ? baseValue : null));
  }

  /** The stripe ended with operands and no base. */
  private void finishStripeWithoutBase(boolean nothingOlder) {
    stripeResolved = true;
    if (mergeFunction != null) {
      if (bottommost && nothingOlder) {
        emitPut(operandSeqs.get(0), fullMerge(null));
        return;
      }
      if (operands.size() >= 2) {
        byte[] partial = mergeFunction.partialMerge(userKey, oldestFirst());
        if (partial != null) {
          emit(operandSeqs.get(0), MERGE, partial);
          return;
        }
      }
    }
    emitOperands();
  }

  private void emitPut(long seq, byte[] value) {
    if (filter != null && stripe == snapshots.length) {
      CompactionFilter.Result r = filter.filter(outputLevel, userKey, value);
      if (r == null) {
        throw new IllegalStateException("compaction filter " + filter.name() + " returned null");
      }
      switch (r.decision()) {
        case KEEP -> emit(seq, PUT, value);
        case CHANGE_VALUE -> {
          filterChanged++;
          emit(seq, PUT, r.newValue());
        }
        case REMOVE -> {
          filterRemoved++;
          emit(seq, DELETE, new byte[0]);
        }
        default -> throw new IllegalStateException("unknown decision " + r.decision());
      }
      return;
    }
    emit(seq, PUT, value);
  }

  private void emitOperands() {
    for (int i = 0; i < operands.size(); i++) {
      emit(operandSeqs.get(i), MERGE, operands.get(i));
    }
  }

  private byte[] fullMerge(byte[] base) {
    byte[] merged = mergeFunction.fullMerge(userKey, base, oldestFirst());
    if (merged == null) {
      throw new IllegalStateException(
          "merge function "
              + mergeFunction.name()
              + " returned null for key "
              + Bytes.toDisplay(userKey));
    }
    return merged;
  }

  private List<byte[]> oldestFirst() {
    List<byte[]> ops = new ArrayList<>(operands);
    Collections.reverse(ops);
    return ops;
  }

  private void emit(long seq, int type, byte[] value) {
    if (outCount == outSeqs.length) {
      int n = outCount * 2;
      outSeqs = Arrays.copyOf(outSeqs, n);
      outTypes = Arrays.copyOf(outTypes, n);
      outValues = Arrays.copyOf(outValues, n);
    }
    outSeqs[outCount] = seq;
    outTypes[outCount] = (byte) type;
    outValues[outCount] = value;
    outCount++;
  }

  private void buildKey() {
    int n = userKey.length + InternalKey.TRAILER_BYTES;
    if (keyBuffer.length < n) {
      keyBuffer = new byte[Math.max(n, keyBuffer.length * 2)];
    }
    System.arraycopy(userKey, 0, keyBuffer, 0, userKey.length);
    InternalKey.putTrailer(
        keyBuffer,
        userKey.length,
        InternalKey.trailer(outSeqs[outIndex], ValueType.fromCode(outTypes[outIndex])));
    keyLength = n;
  }

  private byte[] copyValue() {
    int off = input.valueOffset();
    return Arrays.copyOfRange(input.valueArray(), off, off + input.valueLength());
  }

  /** Index of the first snapshot at or above {@code seq}, or the snapshot count (latest). */
  private int stripeOf(long seq) {
    int lo = 0;
    int hi = snapshots.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (snapshots[mid] < seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
