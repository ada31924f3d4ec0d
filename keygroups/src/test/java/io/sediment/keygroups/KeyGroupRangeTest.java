package io.sediment.keygroups;

import static io.sediment.keygroups.KeyGroupsTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import org.junit.jupiter.api.Test;

class KeyGroupRangeTest {

  @Test
  void boundsAreInclusive() {
    KeyGroupRange r = KeyGroupRange.of(3, 7);
    assertEquals(3, r.start());
    assertEquals(7, r.end());
    assertEquals(5, r.size());
    assertFalse(r.isEmpty());
    assertFalse(r.contains(2));
    assertTrue(r.contains(3));
    assertTrue(r.contains(7));
    assertFalse(r.contains(8));
  }

  @Test
  void singleKeyGroupRange() {
    KeyGroupRange r = KeyGroupRange.of(5, 5);
    assertEquals(1, r.size());
    assertTrue(r.contains(5));
    assertEquals(List.of(5), boxed(r));
  }

  @Test
  void emptyRangeIsOneConstant() {
    assertSame(KeyGroupRange.EMPTY, KeyGroupRange.of(0, -1));
    assertSame(KeyGroupRange.EMPTY, KeyGroupRange.of(9, 8));
    assertEquals(0, KeyGroupRange.EMPTY.size());
    assertTrue(KeyGroupRange.EMPTY.isEmpty());
    assertEquals(0, KeyGroupRange.EMPTY.start());
    assertEquals(-1, KeyGroupRange.EMPTY.end());
    for (int kg : new int[] {-1, 0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      assertFalse(KeyGroupRange.EMPTY.contains(kg), "empty range contains " + kg);
    }
    assertFalse(KeyGroupRange.EMPTY.iterator().hasNext());
    assertEquals(0, KeyGroupRange.EMPTY.intStream().count());
    assertEquals("KeyGroupRange[empty]", KeyGroupRange.EMPTY.toString());
  }

  @Test
  void iterationIsAscendingAndComplete() {
    KeyGroupRange r = KeyGroupRange.of(126, 130);
    assertEquals(List.of(126, 127, 128, 129, 130), boxed(r));
    assertEquals(List.of(126, 127, 128, 129, 130), r.intStream().boxed().toList());
    PrimitiveIterator.OfInt it = r.primitiveIterator();
    int sum = 0;
    while (it.hasNext()) {
      sum += it.nextInt();
    }
    assertEquals(126 + 127 + 128 + 129 + 130, sum);
    NoSuchElementException e = assertThrows(NoSuchElementException.class, it::nextInt);
    assertTrue(e.getMessage().contains("130"), e.getMessage());
  }

  @Test
  void intersect() {
    KeyGroupRange a = KeyGroupRange.of(0, 63);
    KeyGroupRange b = KeyGroupRange.of(32, 127);
    assertEquals(KeyGroupRange.of(32, 63), a.intersect(b));
    assertEquals(KeyGroupRange.of(32, 63), b.intersect(a));
    assertEquals(a, a.intersect(a));
    assertEquals(KeyGroupRange.of(63, 63), a.intersect(KeyGroupRange.of(63, 70)));
    assertSame(KeyGroupRange.EMPTY, a.intersect(KeyGroupRange.of(64, 127)));
    assertSame(KeyGroupRange.EMPTY, a.intersect(KeyGroupRange.EMPTY));
    assertSame(KeyGroupRange.EMPTY, KeyGroupRange.EMPTY.intersect(a));
    assertTrue(a.overlaps(b));
    assertFalse(a.overlaps(KeyGroupRange.of(64, 127)));
    assertFalse(a.overlaps(KeyGroupRange.EMPTY));
  }

  @Test
  void intersectAgreesWithMembershipExhaustively() {
    // Every pair of ranges within [0, 12): the intersection holds exactly the common key groups.
    List<KeyGroupRange> ranges = new ArrayList<>();
    ranges.add(KeyGroupRange.EMPTY);
    for (int s = 0; s < 12; s++) {
      for (int e = s; e < 12; e++) {
        ranges.add(KeyGroupRange.of(s, e));
      }
    }
    for (KeyGroupRange a : ranges) {
      for (KeyGroupRange b : ranges) {
        KeyGroupRange i = a.intersect(b);
        for (int kg = -1; kg <= 12; kg++) {
          assertEquals(a.contains(kg) && b.contains(kg), i.contains(kg), a + " ^ " + b + " @" + kg);
        }
        assertEquals(i.equals(b), a.contains(b), a + " contains " + b);
      }
    }
  }

  @Test
  void containsRange() {
    KeyGroupRange a = KeyGroupRange.of(10, 20);
    assertTrue(a.contains(KeyGroupRange.of(10, 20)));
    assertTrue(a.contains(KeyGroupRange.of(12, 13)));
    assertTrue(a.contains(KeyGroupRange.EMPTY));
    assertFalse(a.contains(KeyGroupRange.of(9, 12)));
    assertFalse(a.contains(KeyGroupRange.of(19, 21)));
  }

  @Test
  void all() {
    assertEquals(KeyGroupRange.of(0, 127), KeyGroupRange.all(128));
    assertEquals(KeyGroupRange.of(0, 32767), KeyGroupRange.all(32768));
    assertEquals(1, KeyGroupRange.all(1).size());
    assertRejected(() -> KeyGroupRange.all(0), "0");
    assertRejected(() -> KeyGroupRange.all(32769), "32769");
  }

  @Test
  void equalsHashCodeToString() {
    assertEquals(KeyGroupRange.of(1, 2), KeyGroupRange.of(1, 2));
    assertEquals(KeyGroupRange.of(1, 2).hashCode(), KeyGroupRange.of(1, 2).hashCode());
    assertNotEquals(KeyGroupRange.of(1, 2), KeyGroupRange.of(1, 3));
    assertNotEquals(KeyGroupRange.of(1, 2), KeyGroupRange.of(0, 2));
    assertNotEquals(KeyGroupRange.of(0, 0), KeyGroupRange.EMPTY);
    assertNotEquals(KeyGroupRange.of(1, 2), "KeyGroupRange[1, 2]");
    assertEquals("KeyGroupRange[1, 2]", KeyGroupRange.of(1, 2).toString());
  }

  @Test
  void invalidRangesAreRejectedNamingTheBounds() {
    assertRejected(() -> KeyGroupRange.of(-1, 5), "negative start -1");
    assertRejected(() -> KeyGroupRange.of(-1, -2), "negative start -1");
    assertRejected(() -> KeyGroupRange.of(5, 3), "end 3");
    assertRejected(() -> KeyGroupRange.of(0, -2), "end -2");
    assertRejected(() -> KeyGroupRange.of(0, 32768), "end 32768");
    assertRejected(() -> KeyGroupRange.of(0, Integer.MAX_VALUE), "end " + Integer.MAX_VALUE);
    assertEquals(32768, KeyGroupRange.of(0, 32767).size());
  }

  private static List<Integer> boxed(KeyGroupRange r) {
    List<Integer> out = new ArrayList<>();
    for (Integer kg : r) {
      out.add(kg);
    }
    return out;
  }
}
