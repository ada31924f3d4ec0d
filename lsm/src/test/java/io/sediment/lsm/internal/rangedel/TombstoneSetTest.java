package io.sediment.lsm.internal.rangedel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.Bytes;
import io.sediment.lsm.internal.RangeTombstone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random tombstones against a brute-force scan of all of them. A failure names its seed. */
class TombstoneSetTest {

  @Test
  void matchesBruteForce() {
    for (long seed = 1; seed <= 300; seed++) {
      Random r = new Random(seed);
      List<RangeTombstone> list = new ArrayList<>();
      int n = r.nextInt(r.nextBoolean() ? 4 : 40);
      for (int i = 0; i < n; i++) {
        byte[] a = key(r);
        byte[] b = key(r);
        int c = Arrays.compareUnsigned(a, b);
        if (c == 0) {
          continue;
        }
        list.add(new RangeTombstone(c < 0 ? a : b, c < 0 ? b : a, r.nextInt(50)));
        if (r.nextInt(10) == 0) {
          list.add(list.get(r.nextInt(list.size()))); // duplicates are allowed
        }
      }
      TombstoneSet set = TombstoneSet.of(list);
      assertEquals(new java.util.LinkedHashSet<>(list).size(), set.tombstones().size());
      for (int q = 0; q < 300; q++) {
        byte[] k = key(r);
        long snapshot = r.nextInt(55);
        long want = -1;
        for (RangeTombstone t : list) {
          if (t.sequence() <= snapshot && t.contains(k, 0, k.length)) {
            want = Math.max(want, t.sequence());
          }
        }
        assertEquals(
            want,
            set.maxCoveringSequence(k, snapshot),
            "seed " + seed + " key " + Bytes.toDisplay(k) + " at " + snapshot + " in " + set);
      }
      // Fragments never partially overlap, and each lies inside some input tombstone.
      List<RangeTombstone> fragments = set.fragments();
      for (int i = 1; i < fragments.size(); i++) {
        RangeTombstone p = fragments.get(i - 1);
        RangeTombstone f = fragments.get(i);
        boolean same = Arrays.equals(p.begin(), f.begin()) && Arrays.equals(p.end(), f.end());
        assertTrue(same || Arrays.compareUnsigned(p.end(), f.begin()) <= 0, "seed " + seed);
      }
    }
  }

  @Test
  void emptyAndSmallCases() {
    assertSame(TombstoneSet.empty(), TombstoneSet.of(Collections.emptyList()));
    assertTrue(TombstoneSet.empty().isEmpty());
    assertEquals(-1, TombstoneSet.empty().maxCoveringSequence(new byte[] {1}, 100));
    TombstoneSet s =
        TombstoneSet.of(
            List.of(
                new RangeTombstone(new byte[] {1}, new byte[] {5}, 10),
                new RangeTombstone(new byte[] {3}, new byte[] {8}, 20)));
    assertEquals(3, s.fragmentCount()); // [1,3) {10}, [3,5) {20,10}, [5,8) {20}
    assertEquals(10, s.maxCoveringSequence(new byte[] {2}, 100));
    assertEquals(20, s.maxCoveringSequence(new byte[] {4}, 100));
    assertEquals(10, s.maxCoveringSequence(new byte[] {4}, 19));
    assertEquals(-1, s.maxCoveringSequence(new byte[] {4}, 9));
    assertEquals(-1, s.maxCoveringSequence(new byte[] {8}, 100));
    assertEquals(-1, s.maxCoveringSequence(new byte[] {0}, 100));
    assertEquals(20, s.maxCoveringSequence(new byte[] {7, 9}, 100));
    assertThrows(
        IllegalArgumentException.class,
        () -> TombstoneSet.of(Arrays.asList(new RangeTombstone[] {null})));
  }

  private static byte[] key(Random r) {
    byte[] k = new byte[r.nextInt(3)];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (r.nextInt(4) * 0x55); // 0x00, 0x55, 0xaa, 0xff
    }
    return k;
  }
}
