package io.sediment.lsm.internal.compaction;

import static io.sediment.lsm.internal.version.TestFiles.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import org.junit.jupiter.api.Test;

class LevelTargetsTest {

  private static final long MAX = Long.MAX_VALUE;

  private static Version version(FileMetadata... files) {
    VersionEdit edit = new VersionEdit();
    for (FileMetadata f : files) {
      edit.addFile(f);
    }
    return Version.empty().apply(edit);
  }

  private static LevelTargets targets(Version v) {
    return LevelTargets.compute(v, 1000, 10);
  }

  @Test
  void aNewStoreCompactsLevelZeroStraightIntoTheLastLevel() {
    LevelTargets t = targets(version(file(1, 0, "a", "z", 5000, 1, 1)));
    assertEquals(6, t.baseLevel());
    assertEquals(-1, t.lowestUnnecessaryLevel());
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      assertEquals(MAX, t.maxBytes(level), "no size target without data below level 0");
    }
  }

  @Test
  void aSmallStoreKeepsEverythingInTheLastLevel() {
    LevelTargets t = targets(version(file(1, 6, "a", "z", 700, 1, 1)));
    assertEquals(6, t.baseLevel());
    assertEquals(1000, t.maxBytes(6), "never below maxBytesForLevelBase");
    assertEquals(MAX, t.maxBytes(5));
  }

  @Test
  void theBaseLevelMovesUpAsTheLastLevelGrows() {
    // 50,000 bytes in L6: L5 would target 5,000 and L4 500, the first at most 1,000.
    LevelTargets t = targets(version(file(1, 6, "a", "z", 50_000, 1, 1)));
    assertEquals(4, t.baseLevel());
    assertEquals(1000, t.maxBytes(4), "500, raised to maxBytesForLevelBase");
    assertEquals(5000, t.maxBytes(5));
    assertEquals(50_000, t.maxBytes(6));
    assertEquals(MAX, t.maxBytes(3));
    assertEquals(-1, t.lowestUnnecessaryLevel());
  }

  @Test
  void targetsFollowTheLargestLevelNotTheLast() {
    // L5 holds more than L6 (just after a large compaction into L5): L5's size sets the targets.
    LevelTargets t =
        targets(version(file(1, 5, "a", "m", 30_000, 1, 1), file(2, 6, "a", "z", 20_000, 1, 1)));
    assertEquals(30_000, t.maxBytes(6));
    assertEquals(4, t.baseLevel());
  }

  @Test
  void levelsFilledWithFixedTargetsAreDrained() {
    // A store whose data sits in L1 and L2 (as fixed targets left it): sized from L2's 3,000
    // bytes, L5 would target 300 and L4 30, below the minimum of 100: L1..L4 are unnecessary.
    LevelTargets t =
        targets(version(file(1, 1, "a", "m", 600, 1, 1), file(2, 2, "a", "z", 3000, 1, 1)));
    assertEquals(1, t.baseLevel(), "the first non-empty level");
    assertEquals(4, t.lowestUnnecessaryLevel());
  }

  @Test
  void aVeryLargeStoreStartsAtLevelOne() {
    LevelTargets t = targets(version(file(1, 6, "a", "z", 1L << 60, 1, 1)));
    assertEquals(1, t.baseLevel());
    assertEquals(1000, t.maxBytes(1));
    assertEquals(100_000_000L, t.maxBytes(6), "tenfold per level from the base level");
  }

  @Test
  void targetsSaturateInsteadOfOverflowing() {
    long huge = 1L << 62;
    LevelTargets t = LevelTargets.compute(version(file(1, 1, "a", "z", huge, 1, 1)), huge, 10);
    assertEquals((huge / 10 + 1) * 10, t.maxBytes(2), "from the minimum base target, plus one");
    assertEquals(MAX, t.maxBytes(3));
    assertEquals(MAX, t.maxBytes(6));
  }

  @Test
  void badArgumentsAreRejectedByName() {
    assertThrows(
        IllegalArgumentException.class, () -> LevelTargets.compute(Version.empty(), 0, 10));
    assertThrows(
        IllegalArgumentException.class, () -> LevelTargets.compute(Version.empty(), 1000, 1));
    assertThrows(IllegalArgumentException.class, () -> new LevelTargets(0, new long[7], -1));
    assertThrows(IllegalArgumentException.class, () -> new LevelTargets(6, new long[6], -1));
  }
}
