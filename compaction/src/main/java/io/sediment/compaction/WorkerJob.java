package io.sediment.compaction;

import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionProgress;

/**
 * One job on a {@link CompactionWorker}: its progress, and once it is over its result or error.
 * Thread-safe: the job's thread finishes it, request threads read it and cancel it.
 */
final class WorkerJob {

  private final CompactionJob job;
  private final CompactionProgress progress = new CompactionProgress();
  private WorkerStatus.State state = WorkerStatus.State.RUNNING;
  private byte[] result;
  private String error = "";

  WorkerJob(CompactionJob job) {
    this.job = job;
  }

  CompactionJob job() {
    return job;
  }

  CompactionProgress progress() {
    return progress;
  }

  synchronized void succeeded(byte[] encodedResult) {
    state = WorkerStatus.State.SUCCEEDED;
    result = encodedResult;
  }

  synchronized void failed(String message) {
    state = progress.cancelled() ? WorkerStatus.State.CANCELLED : WorkerStatus.State.FAILED;
    error = message == null ? "" : message;
  }

  /** The encoded result, or null unless the job succeeded. */
  synchronized byte[] result() {
    return result;
  }

  synchronized WorkerStatus status() {
    return new WorkerStatus(
        state, progress.entries(), progress.bytesWritten(), progress.outputs(), error);
  }
}
