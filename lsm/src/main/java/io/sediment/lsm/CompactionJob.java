package io.sediment.lsm;

import java.util.List;
import java.util.Objects;

/**
 * One compaction as a plain value, complete enough for a service to run it in another process: the
 * input files with their physical locations, where the outputs go in the level structure, what
 * entries must survive, and how to write the outputs.
 *
 * <p>The job merges every input (the {@link #inputLevel()} files and the overlapping files of the
 * {@link #outputLevel()}) into new files at the output level. Every version of an entry that a
 * {@linkplain #liveSnapshots() live snapshot} can see survives; a {@link #bottommost()} job may
 * also drop deletions and versions no snapshot sees, since no deeper level holds the range. The
 * merge function and compaction filter are named, not shipped: a worker finds its own instances by
 * those names. A {@link #trivialMove()} job rewrites nothing: its result is its inputs re-filed at
 * the output level, which {@link CompactionService.Task#runLocally()} answers without I/O.
 *
 * <p>An immutable value, equal by content.
 *
 * @param jobId identifies the job among every job of every store of this process: the store's
 *     directory URI, {@code #}, and a number that grows per store
 * @param inputLevel the level the compaction starts from
 * @param outputLevel the level of the outputs: below the input level, or the input level itself for
 *     a rewrite in place
 * @param inputs every input file, each with its physical path set to a qualified URI
 * @param trivialMove whether the inputs move to the output level without being rewritten
 * @param bottommost whether no deeper level holds keys of the job's range
 * @param liveSnapshots sequence numbers of the store's live snapshots, ascending; each must keep
 *     seeing what it saw
 * @param mergeFunctionName name of the store's merge function, or null when it has none
 * @param compactionFilterName name of the store's compaction filter, or null when it has none
 * @param outputCompression block compression of the outputs
 * @param blockSizeBytes target size of the outputs' data blocks
 * @param bloomBitsPerKey bloom-filter bits per key of the outputs, 0 for none
 * @param targetFileSizeBytes outputs are cut (between two user keys) once they reach this size
 */
public record CompactionJob(
    String jobId,
    int inputLevel,
    int outputLevel,
    List<StoreFile> inputs,
    boolean trivialMove,
    boolean bottommost,
    List<Long> liveSnapshots,
    String mergeFunctionName,
    String compactionFilterName,
    Compression outputCompression,
    int blockSizeBytes,
    int bloomBitsPerKey,
    long targetFileSizeBytes) {

  /**
   * @throws IllegalArgumentException naming the value for a null or empty id, levels out of order,
   *     no inputs, an input without a physical path, snapshots out of order, a null compression, or
   *     a non-positive block or file size or negative bloom bits
   */
  public CompactionJob {
    if (jobId == null || jobId.isEmpty()) {
      throw new IllegalArgumentException("job id must not be empty: " + jobId);
    }
    if (inputLevel < 0 || outputLevel < inputLevel || outputLevel >= StoreFile.NUM_LEVELS) {
      throw new IllegalArgumentException(
          "job " + jobId + ": levels out of order: from " + inputLevel + " to " + outputLevel);
    }
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("job " + jobId + " has no input file");
    }
    inputs = List.copyOf(inputs);
    for (StoreFile f : inputs) {
      if (f.inStoreDirectory()) {
        throw new IllegalArgumentException(
            "job " + jobId + ": input " + f.logicalName() + " has no physical path");
      }
    }
    liveSnapshots = List.copyOf(Objects.requireNonNull(liveSnapshots, "liveSnapshots"));
    for (int i = 1; i < liveSnapshots.size(); i++) {
      if (liveSnapshots.get(i - 1) > liveSnapshots.get(i)) {
        throw new IllegalArgumentException(
            "job " + jobId + ": live snapshots must be ascending: " + liveSnapshots);
      }
    }
    if (outputCompression == null) {
      throw new IllegalArgumentException("job " + jobId + ": output compression must be set");
    }
    if (blockSizeBytes <= 0 || bloomBitsPerKey < 0 || targetFileSizeBytes <= 0) {
      throw new IllegalArgumentException(
          "job "
              + jobId
              + ": block size, bloom bits and target file size out of range: "
              + blockSizeBytes
              + ", "
              + bloomBitsPerKey
              + ", "
              + targetFileSizeBytes);
    }
  }

  /** Total size of the inputs in bytes. */
  public long inputBytes() {
    long sum = 0;
    for (StoreFile f : inputs) {
      sum += f.sizeBytes();
    }
    return sum;
  }
}
