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
 * <p><b>Attempts.</b> A job the store describes for another process also names a job-private {@link
 * #outputDirectory()} under the store's directory and an {@link #attempt()} number (see {@link
 * CompactionService.Task#newAttempt()}): whoever runs it writes its outputs only there, and the
 * store installs only the outputs of the attempt it is waiting for. A job that runs in the store's
 * own process has no output directory (empty) and attempt 0; {@link CompactionJobs#run} refuses
 * such a job.
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
 * @param compactionFilterConfig the compaction filter's text configuration ({@link
 *     CompactionFilter#configText()}), empty when it has none or there is no filter
 * @param keyGroupMaxParallelism the store's key-group max parallelism, recorded in each output's
 *     properties; 0 when the store declares no key groups
 * @param outputDirectory URI of the attempt's output directory; empty for a job run in the store's
 *     process
 * @param attempt the attempt number, positive for an attempt with an output directory, else 0
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
    long targetFileSizeBytes,
    String compactionFilterConfig,
    int keyGroupMaxParallelism,
    String outputDirectory,
    int attempt) {

  /**
   * A job run in the store's process: no filter configuration, no key groups, no output directory,
   * attempt 0.
   *
   * @throws IllegalArgumentException as the canonical constructor
   */
  public CompactionJob(
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
    this(
        jobId,
        inputLevel,
        outputLevel,
        inputs,
        trivialMove,
        bottommost,
        liveSnapshots,
        mergeFunctionName,
        compactionFilterName,
        outputCompression,
        blockSizeBytes,
        bloomBitsPerKey,
        targetFileSizeBytes,
        "",
        0,
        "",
        0);
  }

  /**
   * @throws IllegalArgumentException naming the value for a null or empty id, levels out of order,
   *     no inputs, an input without a physical path, snapshots out of order, a null compression, or
   *     a non-positive block or file size or negative bloom bits, a null filter configuration or
   *     output directory, a key-group max parallelism outside {@code [0, 32768]}, or an attempt
   *     number that does not fit the output directory (positive with one, 0 without)
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
    if (compactionFilterConfig == null || outputDirectory == null) {
      throw new IllegalArgumentException(
          "job " + jobId + ": filter configuration and output directory must not be null");
    }
    if (keyGroupMaxParallelism < 0 || keyGroupMaxParallelism > 32768) {
      throw new IllegalArgumentException(
          "job " + jobId + ": key-group max parallelism out of range: " + keyGroupMaxParallelism);
    }
    if (outputDirectory.isEmpty() ? attempt != 0 : attempt <= 0) {
      throw new IllegalArgumentException(
          "job "
              + jobId
              + ": attempt "
              + attempt
              + " does not fit output directory '"
              + outputDirectory
              + "'");
    }
  }

  /**
   * This job as attempt {@code newAttempt}, writing into {@code directory}.
   *
   * @throws IllegalArgumentException if the directory is empty or the attempt not positive
   */
  public CompactionJob forAttempt(String directory, int newAttempt) {
    if (directory == null || directory.isEmpty() || newAttempt <= 0) {
      throw new IllegalArgumentException(
          "job " + jobId + ": bad attempt " + newAttempt + " in '" + directory + "'");
    }
    return new CompactionJob(
        jobId,
        inputLevel,
        outputLevel,
        inputs,
        trivialMove,
        bottommost,
        liveSnapshots,
        mergeFunctionName,
        compactionFilterName,
        outputCompression,
        blockSizeBytes,
        bloomBitsPerKey,
        targetFileSizeBytes,
        compactionFilterConfig,
        keyGroupMaxParallelism,
        directory,
        newAttempt);
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
