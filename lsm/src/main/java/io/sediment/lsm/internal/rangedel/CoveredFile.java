package io.sediment.lsm.internal.rangedel;

import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a file (or a clipped reference to one) holds nothing any reader can see, because
 * newer range tombstones cover its whole key span: then a compaction may drop it without reading
 * it, and a store may remove it from its live version by a manifest edit alone.
 *
 * <p>A file qualifies when the union of the tombstones that are <em>newer than every entry of the
 * file and seen by exactly the readers that see the file's entries</em> covers its whole key span.
 * A tombstone {@code t} counts when {@code t.sequence() > largestSequence} and no live snapshot
 * {@code s} lies in {@code [smallestSequence, t.sequence())}: such a snapshot would see some of the
 * file's entries but not the tombstone. This is exactly when the compaction iterator drops every
 * entry of the file (each entry and {@code t} fall in the same snapshot stripe, and the entry is
 * older), so dropping the file unread changes nothing a reader sees. The file's own range
 * tombstones go with it: they are older than {@code t}, lie inside its span, and every reader that
 * sees them also sees {@code t}, which hides whatever they hide.
 *
 * <p>A file's key span is {@code [lower, upperExclusive)} in user keys: its smallest user key (or
 * clip lower end), and the user key after its largest one (its largest key's user key itself when
 * that key is an exclusive sentinel: a range tombstone end or a clip's upper end). An empty span (a
 * clip that keeps nothing of the file) qualifies without any tombstone. A partial overlap never
 * qualifies, nor does a tombstone ending exactly at a file's largest user key (it does not cover
 * that key).
 *
 * <p>Pure and stateless.
 */
public final class CoveredFile {

  private CoveredFile() {}

  /**
   * The user-key span {@code [lower, upperExclusive)} of a file whose bounds are the internal keys
   * {@code smallest} and {@code largest}, intersected with the clip {@code [clipLower, clipUpper)}
   * (either null: open on that side). Returns null when the intersection is empty.
   */
  public static byte[][] span(byte[] smallest, byte[] largest, byte[] clipLower, byte[] clipUpper) {
    byte[] lower = InternalKey.userKey(smallest);
    byte[] upper = exclusiveUpper(largest);
    if (clipLower != null && InternalKey.compareUserKeys(clipLower, lower) > 0) {
      lower = clipLower;
    }
    if (clipUpper != null && InternalKey.compareUserKeys(clipUpper, upper) < 0) {
      upper = clipUpper;
    }
    return InternalKey.compareUserKeys(lower, upper) < 0 ? new byte[][] {lower, upper} : null;
  }

  /** The smallest user key past every user key at or below the internal key {@code largest}. */
  static byte[] exclusiveUpper(byte[] largest) {
    byte[] user = InternalKey.userKey(largest);
    if (InternalKey.type(largest, 0, largest.length) == ValueType.RANGE_DELETE
        && InternalKey.sequence(largest, 0, largest.length) == InternalKey.MAX_SEQUENCE) {
      return user; // an exclusive sentinel: nothing of this user key is in the file
    }
    return Arrays.copyOf(user, user.length + 1); // the next user key: user + 0x00
  }

  /**
   * Whether a file with key span {@code span} ({@link #span}; null for an empty one) and entries
   * with sequence numbers in {@code [smallestSequence, largestSequence]} is wholly hidden by {@code
   * tombstones} for every reader at the latest sequence and at each of {@code
   * liveSnapshotsAscending}.
   */
  public static boolean covered(
      byte[][] span,
      long smallestSequence,
      long largestSequence,
      List<RangeTombstone> tombstones,
      long[] liveSnapshotsAscending) {
    if (span == null) {
      return true;
    }
    long limit = firstAtOrAbove(liveSnapshotsAscending, smallestSequence);
    byte[] lower = span[0];
    byte[] upper = span[1];
    List<RangeTombstone> counted = new ArrayList<>();
    for (RangeTombstone t : tombstones) {
      if (t.sequence() > largestSequence
          && t.sequence() <= limit
          && InternalKey.compareUserKeys(t.begin(), upper) < 0
          && InternalKey.compareUserKeys(lower, t.end()) < 0) {
        counted.add(t);
      }
    }
    if (counted.isEmpty()) {
      return false;
    }
    counted.sort((a, b) -> Arrays.compareUnsigned(a.begin(), b.begin()));
    byte[] reached = lower; // [lower, reached) is covered
    for (RangeTombstone t : counted) {
      if (InternalKey.compareUserKeys(t.begin(), reached) > 0) {
        return false; // a gap: keys in [reached, t.begin()) are not covered
      }
      if (InternalKey.compareUserKeys(t.end(), reached) > 0) {
        reached = t.end();
        if (InternalKey.compareUserKeys(reached, upper) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** The smallest snapshot at or above {@code sequence}, or the largest sequence number. */
  private static long firstAtOrAbove(long[] ascending, long sequence) {
    int lo = 0;
    int hi = ascending.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ascending[mid] < sequence) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < ascending.length ? ascending[lo] : InternalKey.MAX_SEQUENCE;
  }
}
