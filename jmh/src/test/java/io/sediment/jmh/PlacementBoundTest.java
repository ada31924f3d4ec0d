package io.sediment.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlacementBoundTest {

  // Eight keys in blocks of two: blocks (0.40 + 0.00), (0.05 + 0.25), (0.10 + 0.10), (0.05 + 0.05).
  private static final double[] KEYS = {0.40, 0.00, 0.05, 0.25, 0.10, 0.10, 0.05, 0.05};

  @Test
  void blockSharesSumRunsOfKeys() {
    assertArrayEquals(
        new double[] {0.40, 0.30, 0.20, 0.10}, PlacementBound.blockShares(KEYS, 2), 1e-12);
    assertArrayEquals(new double[] {0.45, 0.45, 0.10}, PlacementBound.blockShares(KEYS, 3), 1e-12);
  }

  @Test
  void blocksGoToMemoryThenDiskByPopularity() {
    PlacementBound.Shares s = PlacementBound.blocksInBoth(KEYS, 2, 1, 2);
    assertEquals(0.40, s.memory(), 1e-12);
    assertEquals(0.50, s.disk(), 1e-12);
    assertEquals(0.10, s.remote(), 1e-12);
  }

  @Test
  void rowsTakeTheHottestKeysAndBlocksServeWhatIsLeft() {
    // Rows 0.40 and 0.25 in memory; what is left per block: 0.00, 0.05, 0.20, 0.10.
    PlacementBound.Shares s = PlacementBound.rowsThenBlocks(KEYS, 2, 2, 1);
    assertEquals(0.65, s.memory(), 1e-12);
    assertEquals(0.20, s.disk(), 1e-12);
    assertEquals(0.15, s.remote(), 1e-12);
  }

  @Test
  void tiedRowsAreCountedExactly() {
    // Three keys share 0.05; two rows beyond the top three take two of them.
    PlacementBound.Shares s = PlacementBound.rowsThenBlocks(KEYS, 2, 5, 0);
    assertEquals(0.40 + 0.25 + 0.10 + 0.10 + 0.05, s.memory(), 1e-12);
    assertEquals(0.0, s.disk(), 1e-12);
  }

  @Test
  void budgetsLargerThanTheDataLeaveNothingRemote() {
    assertEquals(0.0, PlacementBound.blocksInBoth(KEYS, 2, 3, 9).remote(), 1e-12);
    assertEquals(0.0, PlacementBound.rowsThenBlocks(KEYS, 2, 99, 0).remote(), 1e-12);
  }

  @Test
  void ceilingIsLittlesLaw() {
    PlacementBound.Shares half = new PlacementBound.Shares(0.3, 0.2);
    // 64 in flight, half the lookups waiting 1 ms each: 128,000 lookups a second.
    assertEquals(128_000, PlacementBound.ceiling(half, 64, 1000), 1e-6);
    assertTrue(
        Double.isInfinite(PlacementBound.ceiling(new PlacementBound.Shares(1, 0), 64, 1000)));
  }

  @Test
  void zipfianSharesAreAPermutationOfRankWeights() {
    Zipfian z = new Zipfian(1000, 0.99);
    double[] shares = PlacementBound.keyShares(z, 0.99);
    double sum = 0;
    for (double v : shares) {
      assertTrue(v > 0, "every key has a rank");
      sum += v;
    }
    assertEquals(1.0, sum, 1e-9);
    assertEquals(shares[(int) z.itemOf(0)] / shares[(int) z.itemOf(1)], Math.pow(2, 0.99), 1e-9);
  }

  @Test
  void badSettingsNameTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlacementBound.Settings.parse(new String[] {"budgetPercent=0"}));
    assertTrue(e.getMessage().contains("budgetPercent") && e.getMessage().contains("0"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlacementBound.Settings.parse(new String[] {"theta=1.5"}));
    assertTrue(e.getMessage().contains("1.5"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlacementBound.Settings.parse(new String[] {"keys=many"}));
    assertTrue(e.getMessage().contains("many"));
  }
}
