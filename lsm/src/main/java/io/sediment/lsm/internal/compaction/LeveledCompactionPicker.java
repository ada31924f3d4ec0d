package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Leveled compaction after RocksDB's defaults, as a pure function of a {@link Version} and the
 * compactions already running.
 *
 * <p><b>Targets.</b> Level sizes are targeted downwards from the largest level ({@link
 * LevelTargets}, RocksDB's {@code level_compaction_dynamic_level_bytes}): level 0 is compacted
 * straight into the base level, and the empty levels above it are skipped.
 *
 * <p><b>Scores.</b> Level 0 scores its files (those not being compacted) against {@code
 * l0CompactionTrigger}, raised to at least 1.01 once it holds {@code maxBytesForLevelBase} bytes,
 * and to its bytes over the base level's once it outgrows the base level's target. A deeper level
 * scores its bytes (not being compacted) against its target; once over it, against its target plus
 * the bytes due to come down from above, so a level about to receive much data from above is
 * compacted after the levels feeding it. Scores above 1 are scaled by ten, so a level over its
 * target (or a level 0 over its trigger) goes before a level 0 just at its trigger. The last level
 * is never compacted out of. Levels are tried from the highest score of at least 1 down.
 *
 * <p><b>Which files.</b> From level 0: every file, into the base level; when they overlap neither
 * each other nor the base level they are moved down without a rewrite. From a deeper level: the
 * file with the smallest <em>overlapping ratio</em> (bytes of the next level it overlaps per byte
 * of its own; RocksDB's {@code kMinOverlappingRatio}), which writes the fewest bytes per byte moved
 * down; with nothing below to merge with it is moved, not rewritten. Files being compacted are
 * skipped, as is any choice whose output range at its output level intersects a running job's.
 *
 * <p><b>Clipped references</b> (parts of files of other stores, after a rescale) count their whole
 * file's size, an overestimate that can only bring compaction sooner. When a level is compacted,
 * its clipped references go first, whatever their overlapping ratio, and they are never moved
 * without a rewrite: the rewrite drops what the clip hides and is the data's physical cleanup.
 *
 * <p><b>Level 0 into level 0.</b> Two cases merge level-0 files into one level-0 file instead of
 * compacting them down, after RocksDB's: when the base level is more than {@code 2 * max(10,
 * multiplier)} times larger than level 0, a merge into it would rewrite far more than it moves
 * (size-based); and while a level-0 compaction is already running and {@code l0CompactionTrigger +
 * 2} or more files wait, the newest ones are merged while the work per removed file keeps falling
 * (cost-based), to hold the number of level-0 files down.
 *
 * <p><b>Bottommost.</b> A job is bottommost (may drop deletions and old versions) only if no deeper
 * level holds its key range and no running job writes that range into a deeper level.
 */
public final class LeveledCompactionPicker implements CompactionPicker {

  /** RocksDB's kScoreScale: scores over 1 are scaled by this. */
  static final double SCORE_SCALE = 10.0;

  /** Fewest files a cost-based level-0 merge takes (RocksDB's kMinFilesForIntraL0Compaction). */
  static final int MIN_FILES_FOR_LEVEL0_MERGE = 4;

  private final int l0CompactionTrigger;
  private final long maxBytesForLevelBase;
  private final int levelMultiplier;
  private final long targetFileSize;
  private final long maxCompactionBytes;

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
    // RocksDB's default max_compaction_bytes: bounds a level-0 merge.
    this.maxCompactionBytes =
        targetFileSize > Long.MAX_VALUE / 25 ? Long.MAX_VALUE : targetFileSize * 25;
  }

  /** The level targets of {@code version}. */
  public LevelTargets targets(Version version) {
    return LevelTargets.compute(version, maxBytesForLevelBase, levelMultiplier);
  }

  /**
   * The compaction score of every level, given the running jobs (at least 1 means it needs
   * compacting); see the class comment.
   */
  public double[] scores(Version version, CompactionsInProgress running) {
    LevelTargets targets = targets(version);
    double[] scores = new double[Version.NUM_LEVELS];
    double comingDown = 0;
    int files = 0;
    long bytes = 0;
    for (FileMetadata f : version.files(0)) {
      comingDown += f.fileSize();
      if (!running.isBusy(f)) {
        files++;
        bytes += f.fileSize();
      }
    }
    double score = (double) files / l0CompactionTrigger;
    if (bytes >= maxBytesForLevelBase) {
      score = Math.max(score, 1.01);
    }
    int base = targets.baseLevel();
    if (bytes > targets.maxBytes(base)) {
      long baseBytes = version.levelBytes(base);
      score = Math.max(score, (double) bytes / Math.max(baseBytes, targets.maxBytes(base)));
    }
    scores[0] = score > 1 ? score * SCORE_SCALE : score;
    for (int level = 1; level < Version.NUM_LEVELS - 1; level++) {
      long target = targets.maxBytes(level);
      long idle = 0;
      long total = 0;
      for (FileMetadata f : version.files(level)) {
        total += f.fileSize();
        if (!running.isBusy(f)) {
          idle += f.fileSize();
        }
      }
      double s =
          idle < target ? (double) idle / target : idle / (target + comingDown) * SCORE_SCALE;
      if (idle > 0 && level <= targets.lowestUnnecessaryLevel()) {
        // Drain, after level 0 but deepest unnecessary level first.
        s = Math.max(s, SCORE_SCALE * (1.001 + 0.001 * (targets.lowestUnnecessaryLevel() - level)));
      }
      scores[level] = s;
      if (total > target) {
        comingDown += total - target;
      }
    }
    return scores;
  }

  @Override
  public Optional<CompactionJobSpec> pick(Version version) {
    return pick(version, List.of());
  }

  @Override
  public Optional<CompactionJobSpec> pick(Version version, List<CompactionJobSpec> running) {
    CompactionsInProgress busy = CompactionsInProgress.of(running);
    LevelTargets targets = targets(version);
    double[] scores = scores(version, busy);
    List<Integer> order = new ArrayList<>();
    for (int level = 0; level < Version.NUM_LEVELS - 1; level++) {
      if (scores[level] >= 1) {
        order.add(level);
      }
    }
    // Highest score first; a stable sort keeps shallower levels first on ties.
    order.sort(Comparator.comparingDouble((Integer level) -> scores[level]).reversed());
    for (int level : order) {
      String reason = String.format("L%d score %.2f", level, scores[level]);
      Optional<CompactionJobSpec> job =
          level == 0
              ? pickLevel0(version, targets, busy, reason)
              : pickFromLevel(version, level, busy, reason);
      if (job.isPresent()) {
        return job;
      }
    }
    return Optional.empty();
  }

  private Optional<CompactionJobSpec> pickLevel0(
      Version version, LevelTargets targets, CompactionsInProgress busy, String reason) {
    if (!busy.compactingLevel0()) {
      List<FileMetadata> level0 = version.files(0);
      int base = targets.baseLevel();
      long level0Bytes = version.levelBytes(0);
      long factor = 2L * Math.max(10, levelMultiplier);
      if (level0.size() >= Math.max(2, l0CompactionTrigger)
          && level0Bytes <= Long.MAX_VALUE / factor
          && version.levelBytes(base) > level0Bytes * factor) {
        return Optional.of(mergeInLevel0(level0, reason + ", base level much larger"));
      }
      Optional<CompactionJobSpec> down = intoLevel(version, 0, level0, base, busy, reason);
      if (down.isPresent()) {
        return down;
      }
    }
    // Level 0 cannot go down now (a level-0 job runs, or the base level is busy).
    return mergeNewestLevel0Files(version, busy, reason);
  }

  /**
   * RocksDB's FindIntraL0Compaction: from the newest level-0 file, take older ones while none is
   * being compacted, the bytes per removed file do not grow and the total stays within the
   * compaction byte limit.
   */
  private Optional<CompactionJobSpec> mergeNewestLevel0Files(
      Version version, CompactionsInProgress busy, String reason) {
    List<FileMetadata> level0 = version.files(0); // newest first
    int idle = 0;
    for (FileMetadata f : level0) {
      if (!busy.isBusy(f)) {
        idle++;
      }
    }
    if (idle < l0CompactionTrigger + 2 || level0.isEmpty() || busy.isBusy(level0.get(0))) {
      return Optional.empty();
    }
    long bytes = level0.get(0).fileSize();
    long perRemovedFile = Long.MAX_VALUE;
    int limit = 1;
    for (; limit < level0.size(); limit++) {
      FileMetadata f = level0.get(limit);
      long next = bytes + f.fileSize();
      long nextPerRemoved = next / limit;
      if (busy.isBusy(f) || nextPerRemoved > perRemovedFile || next > maxCompactionBytes) {
        break;
      }
      bytes = next;
      perRemovedFile = nextPerRemoved;
    }
    if (limit < MIN_FILES_FOR_LEVEL0_MERGE) {
      return Optional.empty();
    }
    return Optional.of(
        mergeInLevel0(level0.subList(0, limit), reason + ", level 0 blocked: merging newest"));
  }

  private static CompactionJobSpec mergeInLevel0(List<FileMetadata> inputs, String reason) {
    // One output: a level-0 file counts as one sorted run however large it is. Never bottommost:
    // older data lies below it (or is on its way down).
    return new CompactionJobSpec(0, 0, inputs, List.of(), false, false, Long.MAX_VALUE, reason);
  }

  /**
   * The file of {@code level} with the smallest overlapping ratio whose job conflicts with no
   * running one.
   */
  private Optional<CompactionJobSpec> pickFromLevel(
      Version version, int level, CompactionsInProgress busy, String reason) {
    List<FileMetadata> files = version.files(level);
    long[] overlapping = overlappingBytes(files, version.files(level + 1));
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      FileMetadata f = files.get(i);
      if (!busy.isBusy(f)) {
        candidates.add(new Candidate(f, (double) overlapping[i] / Math.max(1, f.fileSize())));
      }
    }
    // Clipped references first: their compaction is the cleanup of data they no longer show.
    // Files are in key order, and the sort is stable: ties go to the smallest key.
    candidates.sort(
        Comparator.comparing((Candidate c) -> !c.file().clipped())
            .thenComparingDouble(Candidate::ratio));
    for (Candidate c : candidates) {
      Optional<CompactionJobSpec> job =
          intoLevel(version, level, List.of(c.file()), level + 1, busy, reason);
      if (job.isPresent()) {
        return job;
      }
    }
    return Optional.empty();
  }

  private record Candidate(FileMetadata file, double ratio) {}

  /**
   * For each file of {@code level} (sorted by key and disjoint, as every level below 0 is), the
   * bytes of the files of {@code below} (likewise) that overlap it. One pass over both levels: the
   * first file of {@code below} that can overlap a file never moves backwards.
   */
  static long[] overlappingBytes(List<FileMetadata> level, List<FileMetadata> below) {
    long[] bytes = new long[level.size()];
    int first = 0;
    for (int i = 0; i < level.size(); i++) {
      FileMetadata f = level.get(i);
      byte[] begin = f.smallestUserKey();
      byte[] end = f.largestUserKey();
      while (first < below.size() && below.get(first).endsBefore(begin)) {
        first++;
      }
      for (int j = first; j < below.size() && !below.get(j).startsAfter(end); j++) {
        bytes[i] += below.get(j).fileSize();
      }
    }
    return bytes;
  }

  /**
   * The job moving {@code inputs} of {@code level} into {@code outputLevel} (levels between must be
   * empty), or empty when it would conflict with a running job.
   */
  private Optional<CompactionJobSpec> intoLevel(
      Version version,
      int level,
      List<FileMetadata> inputs,
      int outputLevel,
      CompactionsInProgress busy,
      String reason) {
    if (busy.anyBusy(inputs)) {
      return Optional.empty();
    }
    byte[] begin = CompactionJobSpec.smallestUserKey(inputs);
    byte[] end = CompactionJobSpec.largestUserKey(inputs);
    List<FileMetadata> below = version.overlapping(outputLevel, begin, end);
    if (busy.anyBusy(below)) {
      return Optional.empty();
    }
    List<FileMetadata> all = new ArrayList<>(inputs);
    all.addAll(below);
    byte[] allBegin = CompactionJobSpec.smallestUserKey(all);
    byte[] allEnd = CompactionJobSpec.largestUserKey(all);
    if (busy.writesInto(outputLevel, allBegin, allEnd)
        || busy.bottommostAbove(outputLevel, allBegin, allEnd)) {
      return Optional.empty();
    }
    boolean bottommost =
        CompactionJobSpec.isBottommost(version, outputLevel, allBegin, allEnd)
            && !busy.writesBelow(outputLevel, allBegin, allEnd);
    boolean trivial = below.isEmpty() && disjoint(inputs) && noneClipped(inputs);
    return Optional.of(
        new CompactionJobSpec(
            level, outputLevel, inputs, below, trivial, bottommost, targetFileSize, reason));
  }

  /**
   * Whether no file is a clipped reference: a clipped reference is rewritten, never moved, so that
   * compacting it drops what its clip hides (see docs/rescale.md).
   */
  static boolean noneClipped(List<FileMetadata> files) {
    for (FileMetadata f : files) {
      if (f.clipped()) {
        return false;
      }
    }
    return true;
  }

  /** Whether no two of {@code files} overlap (always true for one file). */
  static boolean disjoint(List<FileMetadata> files) {
    for (int i = 0; i < files.size(); i++) {
      for (int j = i + 1; j < files.size(); j++) {
        FileMetadata a = files.get(i);
        FileMetadata b = files.get(j);
        if (a.overlaps(b.smallestUserKey(), b.largestUserKey())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Builds the job that merges {@code inputs} at {@code level} with what overlaps them at {@code
   * outputLevel}, whatever else runs (for manual compactions, which run alone).
   *
   * @param allowTrivialMove whether inputs with nothing below may just be re-filed
   */
  public static CompactionJobSpec expand(
      Version version,
      int level,
      List<FileMetadata> inputs,
      int outputLevel,
      long targetFileSize,
      boolean allowTrivialMove,
      String reason) {
    byte[] begin = CompactionJobSpec.smallestUserKey(inputs);
    byte[] end = CompactionJobSpec.largestUserKey(inputs);
    List<FileMetadata> below = version.overlapping(outputLevel, begin, end);
    List<FileMetadata> all = new ArrayList<>(inputs);
    all.addAll(below);
    byte[] allBegin = CompactionJobSpec.smallestUserKey(all);
    byte[] allEnd = CompactionJobSpec.largestUserKey(all);
    boolean bottommost = CompactionJobSpec.isBottommost(version, outputLevel, allBegin, allEnd);
    boolean trivial =
        allowTrivialMove && below.isEmpty() && disjoint(inputs) && noneClipped(inputs);
    return new CompactionJobSpec(
        level, outputLevel, inputs, below, trivial, bottommost, targetFileSize, reason);
  }

  /**
   * The job a manual compaction of {@code [begin, end]} (inclusive, null unbounded) runs from
   * {@code level} into {@code outputLevel}: at level 0 every file when any overlaps, deeper the
   * overlapping files; never a trivial move, so the data is rewritten (and obsolete versions
   * dropped) on its way down. The levels between must hold nothing of the range.
   */
  public Optional<CompactionJobSpec> manual(
      Version version, int level, int outputLevel, byte[] begin, byte[] end) {
    List<FileMetadata> inputs =
        level == 0 && !version.overlapping(0, begin, end).isEmpty()
            ? version.files(0)
            : version.overlapping(level, begin, end);
    if (inputs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        expand(
            version,
            level,
            inputs,
            outputLevel,
            targetFileSize,
            false,
            "manual L" + level + " to L" + outputLevel));
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
