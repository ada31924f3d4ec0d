package io.sediment.stream.runtime;

import java.io.IOException;
import java.util.List;

/**
 * An output that becomes visible only with a completed checkpoint: each operator instance stages
 * its output per checkpoint ({@link SinkWriter#prepare}) and the runtime commits a checkpoint's
 * staged output once every instance acknowledged it and its metadata is published. With a {@link
 * Source} this gives exactly-once results: output of work that is later replayed is never
 * committed, and committing is idempotent by checkpoint id, so a commit repeated after a crash adds
 * nothing.
 *
 * <p>Thread-safe: writers are used from the instances' task threads, {@link #commit} from the
 * thread that completes checkpoints.
 *
 * @param <R> the output type
 */
public interface TransactionalSink<R> {

  /**
   * A writer for operator instance {@code instance} of run {@code attempt} (each start of a job is
   * a new attempt; checkpoint ids never repeat across attempts).
   *
   * @throws IOException naming what could not be opened
   */
  SinkWriter<R> writer(int instance, long attempt) throws IOException;

  /**
   * Makes the staged output of checkpoint {@code checkpointId} visible, all at once: {@code staged}
   * holds what each instance's {@link SinkWriter#prepare} returned. Idempotent: calling it again
   * for a checkpoint already committed (also from another process, after a crash) changes nothing.
   *
   * @throws IOException naming what could not be written; the commit is then retried when the job
   *     restores
   */
  void commit(long checkpointId, List<byte[]> staged) throws IOException;
}
