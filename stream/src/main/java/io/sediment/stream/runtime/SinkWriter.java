package io.sediment.stream.runtime;

import java.io.Closeable;
import java.io.IOException;

/**
 * Stages the output of one operator instance, checkpoint by checkpoint. Called on the instance's
 * task thread only.
 *
 * @param <R> the output type
 */
public interface SinkWriter<R> extends Closeable {

  /**
   * Adds {@code record} to the output of the next checkpoint. Not visible to readers before that
   * checkpoint is committed.
   *
   * @throws IOException naming what could not be written
   */
  void write(R record) throws IOException;

  /**
   * Makes everything written since the previous call durable as the staged output of checkpoint
   * {@code checkpointId}, and returns its description for {@link TransactionalSink#commit}: it is
   * stored in the job's checkpoint metadata. Returns once the staged output is durable.
   *
   * @throws IOException naming what could not be written (the checkpoint then fails)
   */
  byte[] prepare(long checkpointId) throws IOException;
}
