package io.sediment.cache.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrequencySketchTest {

  @Test
  void countsAndSaturatesAtFifteen() {
    FrequencySketch sketch = new FrequencySketch(1024);
    assertEquals(0, sketch.frequency("a"));
    for (int i = 1; i <= 20; i++) {
      sketch.increment("a");
      assertEquals(Math.min(i, 15), sketch.frequency("a"));
    }
    assertEquals(0, sketch.frequency("never seen"));
  }

  @Test
  void neverUnderestimates() {
    FrequencySketch sketch = new FrequencySketch(64);
    // 200 keys in 64 columns: collisions happen, but count-min only ever over-estimates.
    for (int k = 0; k < 200; k++) {
      for (int i = 0; i < k % 5; i++) {
        sketch.increment("key" + k);
      }
    }
    for (int k = 0; k < 200; k++) {
      assertTrue(sketch.frequency("key" + k) >= k % 5, "key" + k);
    }
  }

  @Test
  void agingHalvesOldCountsAfterTenTimesWidthIncrements() {
    FrequencySketch sketch = new FrequencySketch(1024); // sample size 10 240 increments
    for (int i = 0; i < 12; i++) {
      sketch.increment("old");
    }
    int before = sketch.frequency("old");
    assertTrue(before >= 12);
    // Counts only grow until the sketch ages, so the first drop marks the halving.
    int increments = 12;
    int now = before;
    for (int k = 0; k < 20_000 && now >= before; k++) {
      sketch.increment(k);
      increments++;
      before = now;
      now = sketch.frequency("old");
    }
    assertTrue(now < before, "no aging after " + increments + " increments");
    assertTrue(increments >= 10_240, "aged too early, after " + increments);
    assertTrue(now >= 6 && now <= 7, "halved from 12..15, got " + now);
  }

  @Test
  void rejectsBadWidth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FrequencySketch(0));
    assertTrue(e.getMessage().contains("0"));
  }
}
