package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadOptionsTest {

  @Test
  void fluentSettersReturnNewInstancesAndCopyBounds() {
    ReadOptions d = ReadOptions.defaults();
    assertNull(d.snapshot());
    assertNull(d.lowerBound());
    assertNull(d.upperBound());
    Snapshot s = new Snapshot(7, x -> {});
    byte[] lo = {1};
    ReadOptions o = d.snapshot(s).lowerBound(lo).upperBound(new byte[] {5});
    lo[0] = 9;
    assertSame(s, o.snapshot());
    assertArrayEquals(new byte[] {1}, o.lowerBound());
    assertArrayEquals(new byte[] {5}, o.upperBound());
    assertNull(ReadOptions.defaults().snapshot(), "defaults unchanged");
    o.lowerBound()[0] = 3;
    assertArrayEquals(new byte[] {1}, o.lowerBound(), "accessor returns a copy");
    assertEquals(null, o.lowerBound(null).lowerBound());
  }

  @Test
  void rejectsLowerPastUpper() {
    ReadOptions o = ReadOptions.defaults().upperBound(new byte[] {3});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.lowerBound(new byte[] {4}));
    assertTrue(e.getMessage().contains("\\x04") && e.getMessage().contains("\\x03"));
    o.lowerBound(new byte[] {3}); // empty range is fine
  }
}
