package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.CompactionPicker;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Leveled compaction in the manner of leveldb and RocksDB, as a pure function of a {@link Version}.
 *
 * <p>Each level gets a score: level 0 its file count over the trigger, level {@code L >= 1} its
 * bytes over its target ({@code maxBytesForLevelBase * multiplier^(L-1)}); the last level is never
 * compacted out of. The level with the highest score of at least 1 is compacted (ties go to the
 * shallower level). From level 0 every file is taken (its files overlap and are ordered by age, so
 * taking a newer file without the older ones below it would invert their order); from a deeper
 * level the file holding the oldest data. The inputs are widened by the files of the next level
 * that overlap their key range. A single input with nothing to merge with below is moved, not
 * rewritten.
 */
public final class LeveledCompactionPicker implements CompactionPicker {

  private final int l0CompactionTrigger;
  private final long maxBytesForLevelBase;
  private final int levelMultiplier;
  private final long targetFileSize;

  /**
   * @throws IllegalArgumentException naming any non-positive value (or a multiplier below 2)
   */
  public LeveledCompactionPicker(
      int l0CompactionTrigger,
      long maxBytesForLevelBase,
      int levelMultiplier,
      long targetFileSize) {
    if (l0CompactionTrigger < 1) {
      throw new IllegalArgumentException(
          "l0CompactionTrigger must be >= 1: " + l0CompactionTrigger);
    }
    if (maxBytesForLevelBase < 1) {
      throw new IllegalArgumentException(
          "maxBytesForLevelBase must be positive: " + maxBytesForLevelBase);
    }
    if (levelMultiplier < 2) {
      throw new IllegalArgumentException("levelMultiplier must be >= 2: " + levelMultiplier);
    }
    if (targetFileSize < 1) {
      throw new IllegalArgumentException("targetFileSize must be positive: " + targetFileSize);
    }
    this.l0CompactionTrigger = l0CompactionTrigger;
    this.maxBytesForLevelBase = maxBytesForLevelBase;
    this.levelMultiplier = levelMultiplier;
    this.targetFileSize = targetFileSize;
  }

  /** Size target of level {@code level >= 1}; saturates instead of overflowing. */
  public long maxBytesForLevel(int level) {
    long bytes = maxBytesForLevelBase;
    for (int l = 1; l < level; l++) {
      bytes = bytes > Long.MAX_VALUE / levelMultiplier ? Long.MAX_VALUE : bytes * levelMultiplier;
    }
    return bytes;
  }

  /** The compaction score of {@code level} (at least 1 means it needs compacting). */
  public double score(Version version, int level) {
    if (level == 0) {
      return (double) version.fileCount(0) / l0CompactionTrigger;
    }
    if (level >= Version.NUM_LEVELS - 1) {
      return 0;
    }
    return (double) version.levelBytes(level) / maxBytesForLevel(level);
  }

  @Override
  public Optional<CompactionJobSpec> pick(Version version) {
    int best = -1;
    double bestScore = 1.0;
    for (int level = 0; level < Version.NUM_LEVELS - 1; level++) {
      double s = score(version, level);
      if (s >= bestScore && (best < 0 || s > bestScore)) {
        best = level;
        bestScore = s;
      }
    }
    if (best < 0) {
      return Optional.empty();
    }
    List<FileMetadata> inputs;
    if (best == 0) {
      inputs = new ArrayList<>(version.files(0));
    } else {
      FileMetadata oldest =
          version.files(best).stream()
              .min(
                  Comparator.comparingLong(FileMetadata::smallestSequence)
                      .thenComparingLong(FileMetadata::fileNumber))
              .orElseThrow();
      inputs = List.of(oldest);
    }
    String reason = String.format("L%d score %.2f", best, bestScore);
    return Optional.of(expand(version, best, inputs, targetFileSize, true, reason));
  }

  /**
   * Builds the job that merges {@code inputs} at {@code level} with what overlaps them one level
   * down.
   *
   * @param allowTrivialMove whether a lone input with nothing below may just be re-filed
   */
  public static CompactionJobSpec expand(
      Version version,
      int level,
      List<FileMetadata> inputs,
      long targetFileSize,
      boolean allowTrivialMove,
      String reason) {
    byte[] begin = CompactionJobSpec.smallestUserKey(inputs);
    byte[] end = CompactionJobSpec.largestUserKey(inputs);
    List<FileMetadata> below = version.overlapping(level + 1, begin, end);
    List<FileMetadata> all = new ArrayList<>(inputs);
    all.addAll(below);
    byte[] allBegin = CompactionJobSpec.smallestUserKey(all);
    byte[] allEnd = CompactionJobSpec.largestUserKey(all);
    boolean bottommost = CompactionJobSpec.isBottommost(version, level + 1, allBegin, allEnd);
    boolean trivial = allowTrivialMove && inputs.size() == 1 && below.isEmpty();
    return new CompactionJobSpec(
        level, level + 1, inputs, below, trivial, bottommost, targetFileSize, reason);
  }

  /**
   * The job a manual compaction of {@code [begin, end]} (inclusive, null unbounded) runs at {@code
   * level}: at level 0 every file when any overlaps, deeper the overlapping files; never a trivial
   * move, so the data is rewritten (and obsolete versions dropped) on its way down.
   */
  public Optional<CompactionJobSpec> manual(Version version, int level, byte[] begin, byte[] end) {
    List<FileMetadata> inputs =
        level == 0 && !version.overlapping(0, begin, end).isEmpty()
            ? version.files(0)
            : version.overlapping(level, begin, end);
    if (inputs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(expand(version, level, inputs, targetFileSize, false, "manual L" + level));
  }

  /**
   * A manual rewrite in place of the files of {@code level} overlapping {@code [begin, end]}, for
   * the deepest level, where nothing lies below to merge with: it drops what no snapshot can see.
   */
  public Optional<CompactionJobSpec> manualInPlace(
      Version version, int level, byte[] begin, byte[] end) {
    List<FileMetadata> inputs = version.overlapping(level, begin, end);
    if (inputs.isEmpty()) {
      return Optional.empty();
    }
    boolean bottommost =
        CompactionJobSpec.isBottommost(
            version,
            level,
            CompactionJobSpec.smallestUserKey(inputs),
            CompactionJobSpec.largestUserKey(inputs));
    return Optional.of(
        new CompactionJobSpec(
            level,
            level,
            inputs,
            List.of(),
            false,
            bottommost,
            targetFileSize,
            "manual rewrite of L" + level));
  }

  public long targetFileSize() {
    return targetFileSize;
  }
}
