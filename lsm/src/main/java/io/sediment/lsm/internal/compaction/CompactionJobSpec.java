package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * One compaction to run: merge {@link #inputs()} (at {@link #inputLevel()}) with the overlapping
 * {@link #outputLevelInputs()} into new files at {@link #outputLevel()}, or, for a {@link
 * #trivialMove()}, just re-file the single input one level down.
 *
 * @param inputLevel level the compaction starts from
 * @param outputLevel level the outputs go to: {@code inputLevel + 1}, or {@code inputLevel} itself
 *     for a manual rewrite of the deepest level in place (to drop tombstones and old versions)
 * @param inputs files taken from the input level
 * @param outputLevelInputs files of the output level overlapping the inputs' key range
 * @param trivialMove whether the single input moves down without being rewritten
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
    boolean inPlace = outputLevel == inputLevel && outputLevelInputs.isEmpty() && !trivialMove;
    if (outputLevel != inputLevel + 1 && !inPlace) {
      throw new IllegalArgumentException(
          "output level "
              + outputLevel
              + " must be input level "
              + inputLevel
              + " + 1, or the input level itself for an in-place rewrite");
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a compaction needs at least one input file");
    }
    if (trivialMove && (inputs.size() != 1 || !outputLevelInputs.isEmpty())) {
      throw new IllegalArgumentException(
          "a trivial move takes exactly one file and nothing from the output level");
    }
    if (targetFileSize <= 0) {
      throw new IllegalArgumentException("target file size must be positive: " + targetFileSize);
    }
    inputs = List.copyOf(inputs);
    outputLevelInputs = List.copyOf(outputLevelInputs);
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
