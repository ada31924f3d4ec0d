package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.internal.version.Version;
import java.util.Arrays;

/**
 * Size targets of the levels of one version, computed downwards from the data actually stored, as
 * RocksDB does with {@code level_compaction_dynamic_level_bytes} (its default).
 *
 * <p>The largest level below level 0 is taken as the size the last level should have. Going up,
 * each level's target is the one below divided by the multiplier, until a target would fall to
 * {@code maxBytesForLevelBase} or below: that level is the <em>base level</em>, the one level 0 is
 * compacted into. The levels above the base level are empty and have no target (they are skipped,
 * not compacted through). A new store, with nothing below level 0, has the last level as its base
 * level, so its first compaction writes straight to the last level, and a small store keeps nearly
 * all its data in one level. The base level's target never falls below {@code maxBytesForLevelBase
 * / multiplier}, and no level's target is below {@code maxBytesForLevelBase}, so the levels below
 * level 0 never become smaller than level 0 is allowed to grow.
 *
 * <p>A level whose target computed this way would be at most {@code maxBytesForLevelBase /
 * multiplier} is <em>unnecessary</em>: data left in it (by a store that shrank, or one written with
 * fixed targets) is drained downwards. {@link #lowestUnnecessaryLevel} is the deepest such level,
 * or -1.
 *
 * <p>Why: with fixed targets ({@code base * multiplier^(L-1)}) a store of a few hundred megabytes
 * keeps its data in level 1 and the last levels stay empty, so every byte is rewritten on its way
 * through levels that later hold little; computing the targets from the last level keeps about 90%
 * of the data in the last level whatever the store's size, which bounds write amplification by the
 * number of levels actually needed.
 *
 * @param baseLevel the level level 0 is compacted into ({@code 1 .. NUM_LEVELS-1})
 * @param maxBytes target bytes per level; {@link Long#MAX_VALUE} for level 0 and the levels above
 *     the base level (never compacted by size)
 * @param lowestUnnecessaryLevel the deepest level whose data should be drained downwards (see
 *     above), or -1 when there is none
 */
public record LevelTargets(int baseLevel, long[] maxBytes, int lowestUnnecessaryLevel) {

  /**
   * @throws IllegalArgumentException if the base level is out of range or there is not one target
   *     per level
   */
  public LevelTargets {
    if (baseLevel < 1 || baseLevel >= Version.NUM_LEVELS) {
      throw new IllegalArgumentException("base level out of range: " + baseLevel);
    }
    if (maxBytes.length != Version.NUM_LEVELS) {
      throw new IllegalArgumentException("need one target per level, got " + maxBytes.length);
    }
    if (lowestUnnecessaryLevel < -1 || lowestUnnecessaryLevel >= Version.NUM_LEVELS - 1) {
      throw new IllegalArgumentException(
          "lowest unnecessary level out of range: " + lowestUnnecessaryLevel);
    }
    maxBytes = maxBytes.clone();
  }

  /**
   * The targets of {@code version}.
   *
   * @param maxBytesForLevelBase upper bound of the base level's target
   * @param multiplier ratio between the targets of adjacent levels
   * @throws IllegalArgumentException for a non-positive base size or a multiplier below 2
   */
  public static LevelTargets compute(Version version, long maxBytesForLevelBase, int multiplier) {
    if (maxBytesForLevelBase < 1 || multiplier < 2) {
      throw new IllegalArgumentException(
          "need maxBytesForLevelBase >= 1 and multiplier >= 2: "
              + maxBytesForLevelBase
              + ", "
              + multiplier);
    }
    int last = Version.NUM_LEVELS - 1;
    long[] targets = new long[Version.NUM_LEVELS];
    Arrays.fill(targets, Long.MAX_VALUE);
    int firstNonEmpty = -1;
    long maxLevelBytes = 0;
    for (int level = 1; level <= last; level++) {
      long bytes = version.levelBytes(level);
      if (bytes > 0 && firstNonEmpty < 0) {
        firstNonEmpty = level;
      }
      maxLevelBytes = Math.max(maxLevelBytes, bytes);
    }
    if (firstNonEmpty < 0) {
      // Nothing below level 0: it is compacted straight into the last level.
      return new LevelTargets(last, targets, -1);
    }
    long baseMin = maxBytesForLevelBase / multiplier;
    long size = maxLevelBytes;
    int lowestUnnecessary = -1;
    for (int level = last - 1; level >= firstNonEmpty; level--) {
      size /= multiplier;
      if (lowestUnnecessary < 0 && size <= baseMin) {
        lowestUnnecessary = level;
      }
    }
    int base;
    long baseBytes;
    if (size <= baseMin) {
      // Even the first non-empty level would get a target below the minimum: start there.
      base = firstNonEmpty;
      baseBytes = baseMin + 1;
    } else {
      base = firstNonEmpty;
      while (base > 1 && size > maxBytesForLevelBase) {
        base--;
        size /= multiplier;
      }
      baseBytes = Math.min(Math.max(1, size), maxBytesForLevelBase);
    }
    long bytes = baseBytes;
    for (int level = base; level <= last; level++) {
      if (level > base) {
        bytes = bytes > Long.MAX_VALUE / multiplier ? Long.MAX_VALUE : bytes * multiplier;
      }
      targets[level] = Math.max(bytes, maxBytesForLevelBase);
    }
    return new LevelTargets(base, targets, lowestUnnecessary);
  }

  /** Target bytes of {@code level}; {@link Long#MAX_VALUE} where no size target applies. */
  public long maxBytes(int level) {
    return maxBytes[level];
  }

  @Override
  public long[] maxBytes() {
    return maxBytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LevelTargets t
        && baseLevel == t.baseLevel
        && lowestUnnecessaryLevel == t.lowestUnnecessaryLevel
        && Arrays.equals(maxBytes, t.maxBytes);
  }

  @Override
  public int hashCode() {
    return (baseLevel * 31 + lowestUnnecessaryLevel) * 31 + Arrays.hashCode(maxBytes);
  }

  @Override
  public String toString() {
    return "LevelTargets[base=L"
        + baseLevel
        + ", maxBytes="
        + Arrays.toString(maxBytes)
        + ", lowestUnnecessary="
        + lowestUnnecessaryLevel
        + "]";
  }
}
