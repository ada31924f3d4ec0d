package io.sediment.lsm.internal.rangedel;

import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.RangeTombstone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Range tombstones from any number of sources, fragmented for lookups, as RocksDB's
 * FragmentedRangeTombstoneList: overlapping tombstones are cut at every begin and end key into
 * non-overlapping fragments, each carrying the sequence numbers of all tombstones covering it,
 * highest first. A lookup is then two binary searches: the fragment holding the key, and the
 * highest sequence number visible at the reader's snapshot.
 *
 * <p>Immutable and thread-safe. The empty set (the common case: most reads meet no range delete)
 * answers without any search.
 */
public final class TombstoneSet {

  private static final TombstoneSet EMPTY =
      new TombstoneSet(new byte[0][], new byte[0][], new long[0][], List.of());

  private final byte[][] begins; // ascending; fragment i is [begins[i], ends[i])
  private final byte[][] ends; // ends[i] <= begins[i + 1]
  private final long[][] sequences; // per fragment, descending, non-empty
  private final List<RangeTombstone> tombstones;

  private TombstoneSet(
      byte[][] begins, byte[][] ends, long[][] sequences, List<RangeTombstone> tombstones) {
    this.begins = begins;
    this.ends = ends;
    this.sequences = sequences;
    this.tombstones = tombstones;
  }

  /** The set without tombstones. */
  public static TombstoneSet empty() {
    return EMPTY;
  }

  /**
   * Fragments {@code tombstones} (any order, duplicates allowed).
   *
   * @throws IllegalArgumentException if the collection or an element is null
   */
  public static TombstoneSet of(Collection<RangeTombstone> tombstones) {
    if (tombstones == null) {
      throw new IllegalArgumentException("tombstones must not be null");
    }
    LinkedHashSet<RangeTombstone> distinct = new LinkedHashSet<>(tombstones);
    if (distinct.contains(null)) {
      throw new IllegalArgumentException("null range tombstone in " + tombstones);
    }
    if (distinct.isEmpty()) {
      return EMPTY;
    }
    List<RangeTombstone> list = List.copyOf(distinct);

    // Every begin and end key is a fragment boundary.
    byte[][] bounds = new byte[list.size() * 2][];
    int b = 0;
    for (RangeTombstone t : list) {
      bounds[b++] = t.begin();
      bounds[b++] = t.end();
    }
    Arrays.sort(bounds, Arrays::compareUnsigned);
    int unique = 0;
    for (int i = 0; i < bounds.length; i++) {
      if (unique == 0 || !Arrays.equals(bounds[unique - 1], bounds[i])) {
        bounds[unique++] = bounds[i];
      }
    }
    bounds = Arrays.copyOf(bounds, unique);

    // Fragment i = [bounds[i], bounds[i+1]). Count covering tombstones, then fill.
    int fragments = unique - 1;
    int[] first = new int[list.size()];
    int[] last = new int[list.size()];
    int[] counts = new int[fragments];
    for (int t = 0; t < list.size(); t++) {
      first[t] = Arrays.binarySearch(bounds, list.get(t).begin(), Arrays::compareUnsigned);
      last[t] = Arrays.binarySearch(bounds, list.get(t).end(), Arrays::compareUnsigned);
      for (int f = first[t]; f < last[t]; f++) {
        counts[f]++;
      }
    }
    long[][] seqs = new long[fragments][];
    for (int f = 0; f < fragments; f++) {
      seqs[f] = new long[counts[f]];
      counts[f] = 0;
    }
    for (int t = 0; t < list.size(); t++) {
      long s = list.get(t).sequence();
      for (int f = first[t]; f < last[t]; f++) {
        seqs[f][counts[f]++] = s;
      }
    }

    // Keep covered fragments, descending sequences, merging a fragment into its predecessor when
    // they touch and carry the same sequences.
    List<byte[]> outBegins = new ArrayList<>();
    List<byte[]> outEnds = new ArrayList<>();
    List<long[]> outSeqs = new ArrayList<>();
    for (int f = 0; f < fragments; f++) {
      if (seqs[f].length == 0) {
        continue;
      }
      long[] s = seqs[f];
      Arrays.sort(s);
      reverse(s);
      s = dedupe(s);
      int n = outBegins.size();
      if (n > 0 && outEnds.get(n - 1) == bounds[f] && Arrays.equals(outSeqs.get(n - 1), s)) {
        outEnds.set(n - 1, bounds[f + 1]);
      } else {
        outBegins.add(bounds[f]);
        outEnds.add(bounds[f + 1]);
        outSeqs.add(s);
      }
    }
    return new TombstoneSet(
        outBegins.toArray(new byte[0][]),
        outEnds.toArray(new byte[0][]),
        outSeqs.toArray(new long[0][]),
        list);
  }

  /** Whether the set holds no tombstone. */
  public boolean isEmpty() {
    return begins.length == 0;
  }

  /**
   * The highest sequence number at most {@code snapshotSeq} of a tombstone covering {@code
   * userKey[off..off+len)}, or -1 if none. An entry of that key with a lower sequence number is
   * deleted for a reader at {@code snapshotSeq}.
   */
  public long maxCoveringSequence(byte[] userKey, int off, int len, long snapshotSeq) {
    if (begins.length == 0) {
      return -1;
    }
    int f = fragmentOf(userKey, off, len);
    if (f < 0) {
      return -1;
    }
    long[] s = sequences[f];
    // s is descending: find the first element <= snapshotSeq.
    int lo = 0;
    int hi = s.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s[mid] > snapshotSeq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < s.length ? s[lo] : -1;
  }

  /** As {@link #maxCoveringSequence(byte[], int, int, long)} for a whole key. */
  public long maxCoveringSequence(byte[] userKey, long snapshotSeq) {
    return maxCoveringSequence(userKey, 0, userKey.length, snapshotSeq);
  }

  /** The distinct tombstones the set was built from, unfragmented. */
  public List<RangeTombstone> tombstones() {
    return tombstones;
  }

  /** Number of non-overlapping fragments. */
  public int fragmentCount() {
    return begins.length;
  }

  /**
   * The fragments as tombstones: one per (fragment, sequence) pair, ordered by begin key, then
   * sequence descending. Fragments never overlap partially: two of them have equal bounds or
   * disjoint ones.
   */
  public List<RangeTombstone> fragments() {
    List<RangeTombstone> out = new ArrayList<>();
    for (int f = 0; f < begins.length; f++) {
      for (long s : sequences[f]) {
        out.add(new RangeTombstone(begins[f], ends[f], s));
      }
    }
    return out;
  }

  /** Index of the fragment containing the key, or -1. */
  private int fragmentOf(byte[] key, int off, int len) {
    // Last fragment whose begin is <= key.
    int lo = 0;
    int hi = begins.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      byte[] bm = begins[mid];
      if (Arrays.compareUnsigned(bm, 0, bm.length, key, off, off + len) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int f = lo - 1;
    if (f < 0) {
      return -1;
    }
    byte[] e = ends[f];
    return Arrays.compareUnsigned(key, off, off + len, e, 0, e.length) < 0 ? f : -1;
  }

  private static void reverse(long[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static long[] dedupe(long[] desc) {
    int n = 0;
    for (int i = 0; i < desc.length; i++) {
      if (n == 0 || desc[n - 1] != desc[i]) {
        desc[n++] = desc[i];
      }
    }
    return n == desc.length ? desc : Arrays.copyOf(desc, n);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TombstoneSet[");
    for (int f = 0; f < begins.length; f++) {
      if (f > 0) {
        sb.append(", ");
      }
      sb.append('[')
          .append(Bytes.toDisplay(begins[f]))
          .append(", ")
          .append(Bytes.toDisplay(ends[f]))
          .append(") ")
          .append(Arrays.toString(sequences[f]));
    }
    return sb.append(']').toString();
  }
}
