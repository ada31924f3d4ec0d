package io.sediment.lsm;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Runs compaction jobs for one or more stores: on a local thread pool by default ({@link
 * LocalCompactionService}), or elsewhere (a remote worker process) by another implementation.
 *
 * <p>Contract: {@link #submit} returns at once; the future completes with the job's {@link
 * CompactionResult}, whose files the store then installs atomically through its manifest, or
 * exceptionally, in which case the store leaves the inputs in place and nothing changes. A service
 * never installs anything itself and never deletes inputs. Outputs must be complete, synced,
 * write-once files. A store never closes a service it was given; services are thread-safe.
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
