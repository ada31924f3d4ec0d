package io.sediment.lsm.internal.rangedel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The covered-file decision: spans, sequence numbers, snapshots, bounds and partial overlaps. */
class CoveredFileTest {

  private static final long[] NO_SNAPSHOTS = {};

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] put(String key, long seq) {
    return InternalKey.encode(b(key), seq, ValueType.PUT);
  }

  private static RangeTombstone t(String begin, String end, long seq) {
    return new RangeTombstone(b(begin), b(end), seq);
  }

  /** A file holding point entries from key {@code lo} to key {@code hi}, both inclusive. */
  private static byte[][] file(String lo, String hi) {
    return CoveredFile.span(put(lo, 5), put(hi, 7), null, null);
  }

  @Test
  void aNewerTombstoneOverTheWholeFileCoversIt() {
    assertTrue(CoveredFile.covered(file("c", "m"), 3, 9, List.of(t("a", "z", 10)), NO_SNAPSHOTS));
  }

  @Test
  void aTombstoneNotNewerThanEveryEntryDoesNotCount() {
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, List.of(t("a", "z", 9)), NO_SNAPSHOTS));
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, List.of(t("a", "z", 5)), NO_SNAPSHOTS));
  }

  @Test
  void aSnapshotThatSeesSomeEntriesButNotTheTombstoneKeepsTheFile() {
    List<RangeTombstone> ts = List.of(t("a", "z", 10));
    // Snapshots at the file's smallest sequence, inside its range, and between it and the
    // tombstone.
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, ts, new long[] {3}));
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, ts, new long[] {6}));
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, ts, new long[] {1, 9, 20}));
    // Snapshots that see none of the file, or see the tombstone too, do not matter.
    assertTrue(CoveredFile.covered(file("c", "m"), 3, 9, ts, new long[] {2}));
    assertTrue(CoveredFile.covered(file("c", "m"), 3, 9, ts, new long[] {10}));
    assertTrue(CoveredFile.covered(file("c", "m"), 3, 9, ts, new long[] {1, 2, 10, 11}));
  }

  @Test
  void aTombstoneEndingAtTheLargestKeyDoesNotCoverIt() {
    // [c, m) leaves m, the file's largest key, visible.
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, List.of(t("c", "m", 10)), NO_SNAPSHOTS));
    // [c, m\0) is the smallest range that covers m.
    assertTrue(
        CoveredFile.covered(
            file("c", "m"),
            3,
            9,
            List.of(new RangeTombstone(b("c"), new byte[] {'m', 0}, 10)),
            NO_SNAPSHOTS));
    // Starting one key late leaves c.
    assertFalse(
        CoveredFile.covered(
            file("c", "m"),
            3,
            9,
            List.of(new RangeTombstone(new byte[] {'c', 0}, b("z"), 10)),
            NO_SNAPSHOTS));
  }

  @Test
  void aFileEndingAtATombstoneEndIsCoveredUpToThatExclusiveEnd() {
    // The file's largest key is the exclusive end sentinel of its own tombstone [c, m).
    byte[] sentinel = InternalKey.encode(b("m"), InternalKey.MAX_SEQUENCE, ValueType.RANGE_DELETE);
    byte[][] span = CoveredFile.span(put("c", 4), sentinel, null, null);
    assertArrayEquals(b("m"), span[1]);
    assertTrue(CoveredFile.covered(span, 3, 9, List.of(t("c", "m", 10)), NO_SNAPSHOTS));
    assertFalse(CoveredFile.covered(span, 3, 9, List.of(t("c", "l", 10)), NO_SNAPSHOTS));
  }

  @Test
  void aPartialOverlapIsNeverCovered() {
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, List.of(t("a", "h", 10)), NO_SNAPSHOTS));
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, List.of(t("h", "z", 10)), NO_SNAPSHOTS));
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, List.of(t("d", "k", 10)), NO_SNAPSHOTS));
    assertFalse(CoveredFile.covered(file("c", "m"), 3, 9, List.of(), NO_SNAPSHOTS));
  }

  @Test
  void adjacentOrOverlappingTombstonesCoverTogetherButAGapDoesNot() {
    assertTrue(
        CoveredFile.covered(
            file("c", "m"), 3, 9, List.of(t("h", "z", 11), t("a", "h", 10)), NO_SNAPSHOTS));
    assertTrue(
        CoveredFile.covered(
            file("c", "m"),
            3,
            9,
            List.of(t("a", "e", 10), t("b", "d", 12), t("d", "j", 13), t("i", "n", 10)),
            NO_SNAPSHOTS));
    assertFalse(
        CoveredFile.covered(
            file("c", "m"), 3, 9, List.of(t("a", "g", 10), t("h", "z", 10)), NO_SNAPSHOTS));
    // One of two touching tombstones is too old: the gap it leaves keeps the file.
    assertFalse(
        CoveredFile.covered(
            file("c", "m"), 3, 9, List.of(t("a", "h", 10), t("h", "z", 8)), NO_SNAPSHOTS));
    // One of them is hidden from a snapshot that sees the file: likewise.
    assertFalse(
        CoveredFile.covered(
            file("c", "m"), 3, 9, List.of(t("a", "h", 10), t("h", "z", 30)), new long[] {20}));
  }

  @Test
  void aClipNarrowsTheSpanAndAnEmptyClipNeedsNoTombstone() {
    byte[][] clipped = CoveredFile.span(put("c", 5), put("m", 7), b("f"), b("h"));
    assertArrayEquals(b("f"), clipped[0]);
    assertArrayEquals(b("h"), clipped[1]);
    assertTrue(CoveredFile.covered(clipped, 3, 9, List.of(t("e", "h", 10)), NO_SNAPSHOTS));
    assertFalse(CoveredFile.covered(clipped, 3, 9, List.of(t("g", "h", 10)), NO_SNAPSHOTS));
    // A clip wider than the file keeps the file's own bounds.
    byte[][] wide = CoveredFile.span(put("c", 5), put("m", 7), b("a"), b("z"));
    assertArrayEquals(b("c"), wide[0]);
    assertArrayEquals(new byte[] {'m', 0}, wide[1]);
    // A clip that keeps nothing of the file: nothing to read, nothing to cover.
    assertNull(CoveredFile.span(put("c", 5), put("m", 7), b("n"), b("z")));
    assertNull(CoveredFile.span(put("c", 5), put("m", 7), null, b("c")));
    assertTrue(CoveredFile.covered(null, 3, 9, List.of(), NO_SNAPSHOTS));
  }
}
