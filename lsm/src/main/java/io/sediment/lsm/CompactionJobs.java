package io.sediment.lsm;

import io.sediment.lsm.internal.db.JobRunner;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * Runs a {@link CompactionJob} anywhere that reaches the store's file system: a remote compaction
 * worker, or a test. This is the compaction a store runs itself (the same merge, the same output
 * cuts), reading and writing through the file system instead of the store's caches.
 *
 * <p>What a run does and does not do:
 *
 * <ul>
 *   <li>It reads each input at its physical path, through its clip ({@link StoreFile#clipLower()},
 *       {@link StoreFile#clipUpper()}): a clipped reference is never read whole; an input that
 *       newer range deletions of the job cover wholly (for every live snapshot that sees it) is not
 *       read at all (see {@link CompactionProgress#bytesSkipped()}).
 *   <li>It writes its outputs only into the job's {@link CompactionJob#outputDirectory()}, named
 *       {@code 000001.sst}, {@code 000002.sst}, ... in key order, and creates each only while that
 *       directory exists: a store that gave up the attempt deletes the directory, which stops the
 *       run at its next output.
 *   <li>It never writes the store's manifest and never deletes an input. On failure it deletes the
 *       outputs it wrote and throws.
 *   <li>Each output finished before a cut gets a write-once {@code 00000N.progress} record beside
 *       it, from which a later attempt of the job can resume.
 *   <li>The result lists the outputs at the job's output level with the run's own numbers (1, 2,
 *       ...) and their physical paths; the store renumbers them when it installs them.
 * </ul>
 */
public final class CompactionJobs {

  private CompactionJobs() {}

  /**
   * Runs {@code job} to the end.
   *
   * @param conf Hadoop configuration for the file systems of the inputs and the output directory
   * @param mergeFunction the function the job names, or null if it names none
   * @param filter the filter the job names, or null if it names none
   * @throws IllegalArgumentException if the job has no output directory, or the function or filter
   *     does not carry the name the job records
   * @throws FileNotFoundException naming the output directory if it does not exist (the store gave
   *     up the attempt), or naming a missing input
   * @throws IOException naming the file on any other read or write failure (a {@link
   *     CorruptionException} for bad data)
   */
  public static CompactionResult run(
      CompactionJob job, Configuration conf, MergeFunction mergeFunction, CompactionFilter filter)
      throws IOException {
    return run(job, conf, mergeFunction, filter, new CompactionProgress());
  }

  /**
   * As {@link #run(CompactionJob, Configuration, MergeFunction, CompactionFilter)}, reporting to
   * {@code progress} and stopping when it is cancelled.
   *
   * @throws java.io.InterruptedIOException if {@code progress} was cancelled (outputs deleted)
   */
  public static CompactionResult run(
      CompactionJob job,
      Configuration conf,
      MergeFunction mergeFunction,
      CompactionFilter filter,
      CompactionProgress progress)
      throws IOException {
    if (job == null || conf == null || progress == null) {
      throw new IllegalArgumentException("job, configuration and progress must not be null");
    }
    return JobRunner.run(job, conf, mergeFunction, filter, progress);
  }

  /**
   * As {@link #run(CompactionJob, Configuration, MergeFunction, CompactionFilter,
   * CompactionProgress)}, resuming an earlier attempt of the same job: every output the earlier
   * attempt finished before a cut and recorded (a write-once {@code 00000N.progress} record beside
   * it) is checked (record intact and of this job, output of the recorded size and footer), moved
   * into this attempt's directory and kept, in order, until the first that fails a check; the merge
   * then restarts at the key the last kept output was cut before, with the inputs sought there. The
   * outputs are those of a full run; {@link CompactionProgress#reusedOutputs()} counts the kept
   * ones. With an empty {@code earlierDirectory}, or one with nothing to keep, it is a full run.
   *
   * @param earlierDirectory URI of the earlier attempt's output directory, or empty
   */
  public static CompactionResult run(
      CompactionJob job,
      Configuration conf,
      MergeFunction mergeFunction,
      CompactionFilter filter,
      CompactionProgress progress,
      String earlierDirectory)
      throws IOException {
    if (job == null || conf == null || progress == null || earlierDirectory == null) {
      throw new IllegalArgumentException(
          "job, configuration, progress and earlier directory must not be null");
    }
    return JobRunner.run(job, conf, mergeFunction, filter, progress, earlierDirectory);
  }
}
