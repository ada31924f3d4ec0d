package io.sediment.lsm;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Runs compaction jobs for one or more stores: on a local thread pool by default ({@link
 * LocalCompactionService}), or elsewhere (a remote worker process) by another implementation.
 *
 * <p>Contract: {@link #submit} returns at once; the future completes with the job's {@link
 * CompactionResult}, whose files the store then installs atomically through its manifest (a result
 * from another process only if it comes from the attempt the store awaits, see {@link
 * Task#newAttempt()}), or exceptionally, in which case the store leaves the inputs in place and
 * nothing changes. A service never installs anything itself and never deletes inputs. Outputs must
 * be complete, synced, write-once files. A store never closes a service it was given; services are
 * thread-safe.
 */
public interface CompactionService extends AutoCloseable {

  /** One job as the store hands it to a service. */
  interface Task {

    /** What to compact: a plain value a service may ship to another process. */
    CompactionJob job();

    /**
     * Runs the job in this process: reads the inputs, writes the outputs into the store's
     * directory, returns them at {@code job().outputLevel()}. A service may call it on any thread,
     * at most once; a service that ships {@link #job()} away does not call it.
     *
     * @throws IOException naming the file on read or write failures (partial outputs are deleted)
     */
    CompactionResult runLocally() throws IOException;

    /**
     * Starts a new attempt to run the job in another process: allocates a new, empty output
     * directory under the store's directory and the next attempt number (1, 2, ...), and returns
     * {@link #job()} with both set, for {@link CompactionJobs#run} to run anywhere. From then on
     * the store installs only a result whose outputs all lie in this attempt's directory: results
     * of earlier attempts are refused (fenced), so a late worker's outputs are never installed, and
     * nothing is installed twice. The directory of every attempt not installed is deleted when the
     * job is over (and at the store's next open if a late worker wrote into it again).
     *
     * @throws IOException naming the directory if it cannot be created
     * @throws IllegalStateException if the job is over (its future completed)
     */
    CompactionJob newAttempt() throws IOException;

    /**
     * Gives up {@code attempt} (one {@link #newAttempt()} returned): its result will never be
     * installed, and its directory is deleted now, with everything in it. {@code writerStopped}
     * says whether the caller knows that nothing writes into the directory any more (its worker
     * reported the attempt finished, failed or cancelled); until some call says so, the store keeps
     * the directory's number pending in its manifest, so that its next open deletes whatever a late
     * writer left there. May be called again, also after the job is over. A failed deletion is not
     * reported: the next open retries.
     *
     * @throws IllegalArgumentException if {@code attempt} is not an attempt of this task
     * @throws IllegalStateException if the store installed that attempt's result
     */
    void discard(CompactionJob attempt, boolean writerStopped);
  }

  /**
   * Schedules {@code task}.
   *
   * @throws IllegalStateException if the service is closed
   */
  CompletableFuture<CompactionResult> submit(Task task);

  /** Stops accepting jobs and waits for running ones. Idempotent. */
  @Override
  void close();
}
