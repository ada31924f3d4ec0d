package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesAreWithinTheBucketPrecision() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 100_000; v++) {
      h.record(v * 100); // 100 ns .. 10 ms, uniform
    }
    assertEquals(100_000, h.count());
    assertEquals(10_000_000, h.max());
    assertClose(5_000_000, h.percentile(0.5));
    assertClose(9_900_000, h.percentile(0.99));
    assertEquals(100, h.percentile(0), 4);
    assertEquals(10_000_000, h.percentile(1));
  }

  @Test
  void smallValuesAreExactAndBucketsRoundTrip() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(3);
    h.record(-5);
    assertEquals(0, h.percentile(0.5));
    assertEquals(3, h.percentile(1));
    for (long v : new long[] {16, 17, 31, 32, 1000, 123_456_789, Long.MAX_VALUE / 2}) {
      long middle = LatencyHistogram.middle(LatencyHistogram.index(v));
      assertTrue(Math.abs(middle - v) <= v / 16 + 1, v + " -> " + middle);
    }
  }

  @Test
  void mergedHistogramsCountEverything() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(1000);
    b.record(2000);
    b.record(3000);
    a.add(b);
    assertEquals(3, a.count());
    assertEquals(3000, a.max());
    assertThrows(IllegalArgumentException.class, () -> a.percentile(1.5));
    assertEquals(0, new LatencyHistogram().percentile(0.99));
  }

  private static void assertClose(long expected, long actual) {
    assertTrue(Math.abs(expected - actual) <= expected / 16, expected + " vs " + actual);
  }
}
