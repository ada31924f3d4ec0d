package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * One compaction to run: merge {@link #inputs()} (at {@link #inputLevel()}) with the overlapping
 * {@link #outputLevelInputs()} into new files at {@link #outputLevel()}, or, for a {@link
 * #trivialMove()}, just re-file the inputs at the output level without rewriting them.
 *
 * <p>The output level is below the input level: usually the next one, but level 0 goes straight to
 * the base level (the levels between are empty, see {@link LevelTargets}). It is the input level
 * itself for a rewrite in place: a manual rewrite of the deepest level (to drop tombstones and old
 * versions) or a merge of level-0 files into one level-0 file.
 *
 * @param inputLevel level the compaction starts from
 * @param outputLevel level the outputs go to: deeper than {@code inputLevel}, or {@code inputLevel}
 *     itself for a rewrite in place
 * @param inputs files taken from the input level
 * @param outputLevelInputs files of the output level overlapping the inputs' key range
 * @param trivialMove whether the inputs move down without being rewritten (nothing of the output
 *     level overlaps them, and they do not overlap each other)
 * @param bottommost whether no deeper level holds keys of the job's range (tombstones and obsolete
 *     versions may be dropped)
 * @param targetFileSize outputs are cut once they reach this size
 * @param reason why the job was picked (for logs and stats)
 */
public record CompactionJobSpec(
    int inputLevel,
    int outputLevel,
    List<FileMetadata> inputs,
    List<FileMetadata> outputLevelInputs,
    boolean trivialMove,
    boolean bottommost,
    long targetFileSize,
    String reason) {

  /**
   * @throws IllegalArgumentException naming the bad value
   */
  public CompactionJobSpec {
    if (inputLevel < 0 || inputLevel >= Version.NUM_LEVELS) {
      throw new IllegalArgumentException("input level out of range: " + inputLevel);
    }
    if (outputLevel < inputLevel || outputLevel >= Version.NUM_LEVELS) {
      throw new IllegalArgumentException(
          "output level "
              + outputLevel
              + " must be below input level "
              + inputLevel
              + ", or the input level itself for a rewrite in place");
    }
    if (outputLevel == inputLevel && (!outputLevelInputs.isEmpty() || trivialMove)) {
      throw new IllegalArgumentException(
          "a rewrite in place of level " + inputLevel + " takes no output-level inputs");
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a compaction needs at least one input file");
    }
    if (trivialMove && !outputLevelInputs.isEmpty()) {
      throw new IllegalArgumentException("a trivial move takes nothing from the output level");
    }
    if (targetFileSize <= 0) {
      throw new IllegalArgumentException("target file size must be positive: " + targetFileSize);
    }
    inputs = List.copyOf(inputs);
    outputLevelInputs = List.copyOf(outputLevelInputs);
  }

  /**
   * Whether the user-key range the job writes (the range of all its inputs) intersects {@code
   * [begin, end]} (both inclusive).
   */
  public boolean overlapsOutputRange(byte[] begin, byte[] end) {
    List<FileMetadata> all = allInputs();
    return CompactionsInProgress.rangesOverlap(
        smallestUserKey(all), largestUserKey(all), begin, end);
  }

  /** Inputs then output-level inputs. */
  public List<FileMetadata> allInputs() {
    List<FileMetadata> all = new ArrayList<>(inputs);
    all.addAll(outputLevelInputs);
    return all;
  }

  /** Total bytes of all inputs. */
  public long inputBytes() {
    long sum = 0;
    for (FileMetadata f : allInputs()) {
      sum += f.fileSize();
    }
    return sum;
  }

  /** Smallest user key of the given files. */
  public static byte[] smallestUserKey(List<FileMetadata> files) {
    byte[] min = null;
    for (FileMetadata f : files) {
      byte[] k = f.smallestUserKey();
      if (min == null || InternalKey.compareUserKeys(k, min) < 0) {
        min = k;
      }
    }
    return min;
  }

  /** Largest user key of the given files. */
  public static byte[] largestUserKey(List<FileMetadata> files) {
    byte[] max = null;
    for (FileMetadata f : files) {
      byte[] k = f.largestUserKey();
      if (max == null || InternalKey.compareUserKeys(k, max) > 0) {
        max = k;
      }
    }
    return max;
  }

  /**
   * Whether no level below {@code outputLevel} holds keys in {@code [begin, end]} of {@code
   * version}.
   */
  public static boolean isBottommost(Version version, int outputLevel, byte[] begin, byte[] end) {
    for (int level = outputLevel + 1; level < Version.NUM_LEVELS; level++) {
      if (!version.overlapping(level, begin, end).isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
