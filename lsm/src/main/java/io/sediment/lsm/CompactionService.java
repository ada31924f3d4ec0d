package io.sediment.lsm;

import io.sediment.lsm.internal.compaction.CompactionJobSpec;
import io.sediment.lsm.internal.compaction.LocalCompactionService;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs compaction jobs for one or more stores: on a local thread pool by default, or elsewhere (a
 * remote worker process) by another implementation.
 *
 * <p>Contract: {@link #submit} returns at once; the future completes with the job's output files,
 * which the store then installs atomically through its manifest, or exceptionally, in which case
 * the store leaves the inputs in place and nothing changes. A service never installs anything
 * itself and never deletes inputs. Outputs must be complete, synced, write-once files. A store
 * never closes a service it was given; services are thread-safe.
 */
public interface CompactionService extends AutoCloseable {

  /** One job as the store hands it to a service. */
  interface Task {

    /** What to compact. */
    CompactionJobSpec spec();

    /**
     * Runs the job in this process: reads the inputs, writes the outputs, returns their metadata at
     * {@code spec().outputLevel()}. A remote service may instead ship {@link #spec()} away.
     *
     * @throws IOException naming the file on read or write failures (partial outputs are deleted)
     */
    List<FileMetadata> runLocally() throws IOException;
  }

  /**
   * Schedules {@code task}.
   *
   * @throws IllegalStateException if the service is closed
   */
  CompletableFuture<List<FileMetadata>> submit(Task task);

  /** Stops accepting jobs and waits for running ones. Idempotent. */
  @Override
  void close();

  /**
   * A service running jobs on {@code threads} daemon threads of this process.
   *
   * @throws IllegalArgumentException if threads is not positive
   */
  static CompactionService localThreadPool(int threads) {
    return new LocalCompactionService(threads);
  }
}
