package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroupRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's checkpoints, one at a time. A trigger gives the checkpoint the next id of the run
 * and hands it to every source split, which records its offset and sends a barrier downstream; each
 * operator instance of every stage, once aligned and its epoch closed, acknowledges (and forwards
 * the barrier to the next stage) with its store's checkpoint handle and its staged sink output.
 * When every split and every instance has acknowledged, the checkpoint is complete: its metadata is
 * published write-once, then its sink output is committed, then retention discards what is too old.
 * When every split has ended, a final checkpoint is taken and the splits are told to end their
 * channels.
 *
 * <p>Thread-safe: sources, instances and triggers call in from their own threads; completion runs
 * on the thread of the last acknowledgement, under the coordinator's lock.
 */
final class CheckpointCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

  private final JobCheckpoints checkpoints;
  private final TransactionalSink<?> sink;
  private final Map<String, TransactionalSink<?>> sideSinks;
  private final long attempt;
  private final int maxParallelism;
  private final int parallelism;
  private final int stages;
  private final Consumer<Throwable> onFailure;
  private List<SourceTask<?, ?>> sources = List.of();
  private long lastSequence;
  private Pending pending;
  private final boolean[] ended;
  private int endedSplits;
  private long finalCheckpoint = -1;
  private boolean finishing;
  private long completedCount;
  private long lastCompleted = -1;
  private Throwable failure;

  /** A checkpoint under way. */
  private final class Pending {
    final long id;
    final long[] offsets;
    final boolean[] sourceAcked;
    final CompletedCheckpoint.InstanceState[] instances;
    int acks;
    final CompletableFuture<Long> done = new CompletableFuture<>();

    Pending(long id) {
      this.id = id;
      this.offsets = new long[ended.length];
      this.sourceAcked = new boolean[ended.length];
      this.instances = new CompletedCheckpoint.InstanceState[parallelism * stages];
    }

    boolean complete() {
      return acks == offsets.length + instances.length;
    }
  }

  CheckpointCoordinator(
      JobCheckpoints checkpoints,
      TransactionalSink<?> sink,
      Map<String, TransactionalSink<?>> sideSinks,
      long attempt,
      int splits,
      int parallelism,
      int stages,
      int maxParallelism,
      Consumer<Throwable> onFailure) {
    this.checkpoints = checkpoints;
    this.sink = sink;
    this.sideSinks = sideSinks;
    this.attempt = attempt;
    this.ended = new boolean[splits];
    this.parallelism = parallelism;
    this.stages = stages;
    this.maxParallelism = maxParallelism;
    this.onFailure = onFailure;
  }

  /** Connects the source splits, before any of them runs. */
  synchronized void connect(List<SourceTask<?, ?>> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * Starts a checkpoint, or returns the one under way.
   *
   * @return completes with the checkpoint id once it is complete (published and committed), or
   *     exceptionally if the job fails or has finished
   */
  synchronized CompletableFuture<Long> trigger() {
    if (pending != null) {
      return pending.done;
    }
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    if (finishing) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "the job has finished; its last checkpoint is " + lastCompleted));
    }
    if (lastSequence + 1 >= JobCheckpoints.IDS_PER_ATTEMPT) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "run "
                  + attempt
                  + " took "
                  + lastSequence
                  + " checkpoints, the most one run takes; restart the job to go on"));
    }
    long id = attempt * JobCheckpoints.IDS_PER_ATTEMPT + ++lastSequence;
    pending = new Pending(id);
    for (SourceTask<?, ?> s : sources) {
      s.command(new SourceTask.Checkpoint(id));
    }
    return pending.done;
  }

  /** Split {@code split} took part in checkpoint {@code id} at {@code offset}. */
  synchronized void sourceAcknowledged(long id, int split, long offset) {
    Pending p = expect(id, "split " + split);
    if (p.sourceAcked[split]) {
      throw new IllegalStateException(
          "split " + split + " acknowledged checkpoint " + id + " twice");
    }
    p.sourceAcked[split] = true;
    p.offsets[split] = offset;
    p.acks++;
    completeIfDone(p);
  }

  /**
   * Instance {@code instance} (its slot: stage times parallelism plus its index) checkpointed its
   * store and staged its output (and that of each side output, by tag id) for {@code id}.
   */
  synchronized void instanceAcknowledged(
      long id,
      int instance,
      KeyGroupRange keyGroups,
      byte[] handle,
      byte[] staged,
      Map<String, byte[]> sideStaged) {
    Pending p = expect(id, "instance " + instance);
    if (p.instances[instance] != null) {
      throw new IllegalStateException(
          "instance " + instance + " acknowledged checkpoint " + id + " twice");
    }
    p.instances[instance] =
        new CompletedCheckpoint.InstanceState(keyGroups, handle, staged, Map.copyOf(sideStaged));
    p.acks++;
    completeIfDone(p);
  }

  /** Split {@code split} has read its last record (and sent its final watermark). */
  synchronized void sourceEnded(int split) {
    if (!ended[split]) {
      ended[split] = true;
      endedSplits++;
    }
    finishIfDone();
  }

  /** Fails the job with {@code cause} (the first failure wins); any thread. */
  void fail(Throwable cause) {
    List<CompletableFuture<Long>> toFail = new ArrayList<>();
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = cause;
      if (pending != null) {
        toFail.add(pending.done);
      }
    }
    LOG.debug("job failed", cause);
    toFail.forEach(f -> f.completeExceptionally(cause));
    onFailure.accept(cause);
  }

  /** The first failure, or null. */
  synchronized Throwable failure() {
    return failure;
  }

  /** Checkpoints completed by this run. */
  synchronized long completedCount() {
    return completedCount;
  }

  /** The id of the last checkpoint this run completed, or -1. */
  synchronized long lastCompleted() {
    return lastCompleted;
  }

  /**
   * Commits the staged output of {@code c} to {@code sink} and to each side output's sink
   * (idempotent, so a restore repeats it for every retained checkpoint).
   *
   * @throws IOException naming what could not be written
   */
  static void commit(
      CompletedCheckpoint c, TransactionalSink<?> sink, Map<String, TransactionalSink<?>> sides)
      throws IOException {
    sink.commit(c.checkpointId(), c.sinkStaged());
    for (Map.Entry<String, TransactionalSink<?>> side : sides.entrySet()) {
      List<byte[]> sideStaged = new ArrayList<>(c.instances().size());
      c.instances().forEach(s -> sideStaged.add(s.sideStaged(side.getKey())));
      side.getValue().commit(c.checkpointId(), sideStaged);
    }
  }

  private Pending expect(long id, String who) {
    if (pending == null || pending.id != id) {
      throw new IllegalStateException(
          who
              + " acknowledged checkpoint "
              + id
              + " but "
              + (pending == null ? "none" : pending.id)
              + " is under way");
    }
    return pending;
  }

  private void completeIfDone(Pending p) {
    if (!p.complete()) {
      return;
    }
    CompletedCheckpoint c =
        new CompletedCheckpoint(
            p.id, attempt, maxParallelism, stages, p.offsets.clone(), List.of(p.instances));
    try {
      checkpoints.publish(c);
      commit(c, sink, sideSinks);
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint " + p.id + " could not complete", e);
    }
    LOG.debug("checkpoint {} complete, offsets {}", p.id, Arrays.toString(p.offsets));
    pending = null;
    completedCount++;
    lastCompleted = p.id;
    p.done.complete(p.id);
    finishIfDone();
  }

  private void finishIfDone() {
    if (endedSplits < ended.length || pending != null || finishing || failure != null) {
      return;
    }
    if (finalCheckpoint < 0) {
      finalCheckpoint = -2; // triggering: a trigger that cannot start fails the job below
      CompletableFuture<Long> f = trigger();
      if (f.isCompletedExceptionally()) {
        f.whenComplete((id, e) -> fail(e));
        return;
      }
      finalCheckpoint = pending.id;
      return;
    }
    if (lastCompleted == finalCheckpoint) {
      finishing = true;
      for (SourceTask<?, ?> s : sources) {
        s.command(new SourceTask.Finish());
      }
    }
  }
}
