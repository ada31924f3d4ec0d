package io.sediment.stream.runtime;

import io.sediment.fs.FileSystemView;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.Restore;
import io.sediment.stream.DelayScheduler;
import io.sediment.stream.KeyedStateStore;
import io.sediment.stream.StateDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link JobDefinition} or a {@link StagedJob} in this JVM: a thread per source split, a
 * task thread per instance of each keyed stage (each with its own store under {@link
 * JobStorage#stateUri()}, holding the key groups {@link KeyGroups#rangeForOperator} gives it),
 * channels between every split and every first-stage instance, and between every instance of a
 * stage and every instance of the next, that carry records by key group, watermarks and checkpoint
 * barriers, and a {@link CheckpointCoordinator}.
 *
 * <p><b>Start and restore.</b> {@link #start} claims a new run number, restores from the newest
 * completed checkpoint under {@link JobStorage#jobUri()} if there is one (each split reads on from
 * its offset; each instance's store is restored without copying from the store checkpoints of its
 * stage whose key groups meet its own, so the job may restore at another parallelism), repeats the
 * sink commits of the retained checkpoints (idempotent: a crash may have come between a
 * checkpoint's publication and its commit), discards the store checkpoints of checkpoints that
 * never completed, and destroys the stores of earlier runs (their checkpointed files stay with the
 * checkpoints).
 *
 * <p><b>Exactly-once.</b> A checkpoint holds, for one cut of the input (the splits' offsets at
 * their barriers), each instance's state after exactly the records before the cut, and the output
 * of exactly those records, staged. Output becomes visible only by the commit of a completed
 * checkpoint; a restore resumes the input at the cut of the checkpoint it restores. So each input
 * record's effect on state and output is committed once, whatever moment the process dies at. The
 * argument in full is in {@code docs/stream.md}.
 *
 * <p>The job runs until every split has ended; then a final checkpoint commits the last output and
 * {@link #await} returns. {@link #close} cancels a running job (its last completed checkpoint
 * stays). Errors: the first failure of any thread fails the job, and {@link #await} throws it.
 *
 * @param <T> the input record type
 * @param <K> the key type
 * @param <R> the output type
 */
public final class LocalJob<T, K, R> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

  private final JobCheckpoints checkpoints;
  private final CheckpointCoordinator coordinator;
  private final ScheduledExecutorService timers;
  private final List<Thread> threads = new ArrayList<>();
  private final long attempt;
  private final OptionalLong restoredFrom;
  private boolean closed;

  private LocalJob(
      JobCheckpoints checkpoints,
      CheckpointCoordinator coordinator,
      ScheduledExecutorService timers,
      long attempt,
      OptionalLong restoredFrom) {
    this.checkpoints = checkpoints;
    this.coordinator = coordinator;
    this.timers = timers;
    this.attempt = attempt;
    this.restoredFrom = restoredFrom;
  }

  /**
   * Starts (or restores and continues) the job.
   *
   * @throws IllegalArgumentException if an argument is null, or the newest checkpoint has another
   *     number of key groups or source splits than {@code settings} and the source
   * @throws IOException naming what could not be read or written while restoring
   */
  public static <T, K, R> LocalJob<T, K, R> start(
      JobDefinition<T, K, R> job, RuntimeSettings settings, JobStorage storage) throws IOException {
    if (job == null || settings == null || storage == null) {
      throw new IllegalArgumentException("job, settings and storage must not be null");
    }
    return run(StagedJob.of(job), settings, storage);
  }

  /**
   * Starts (or restores and continues) a job of several keyed stages: {@code parallelism} instances
   * per stage, each with a store of its own, records exchanged by key group between stages.
   *
   * @throws IllegalArgumentException if an argument is null, the stages times the parallelism
   *     exceed {@link RuntimeSettings#MAX_PARALLELISM}, or the newest checkpoint has another number
   *     of key groups, source splits or stages than {@code settings} and the job
   * @throws IOException naming what could not be read or written while restoring
   */
  public static <T, R> LocalJob<T, ?, R> start(
      StagedJob<T, R> job, RuntimeSettings settings, JobStorage storage) throws IOException {
    if (job == null || settings == null || storage == null) {
      throw new IllegalArgumentException("job, settings and storage must not be null");
    }
    return run(job, settings, storage);
  }

  private static <T, K, R> LocalJob<T, K, R> run(
      StagedJob<T, R> job, RuntimeSettings settings, JobStorage storage) throws IOException {
    int splits = job.source().splits();
    if (splits < 1) {
      throw new IllegalArgumentException("a source has at least one split: " + splits);
    }
    int stages = job.stageCount();
    if ((long) stages * settings.parallelism() > RuntimeSettings.MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          stages
              + " stages of "
              + settings.parallelism()
              + " instances exceed "
              + RuntimeSettings.MAX_PARALLELISM
              + " instances");
    }
    JobCheckpoints checkpoints = JobCheckpoints.open(storage, settings.retainedCheckpoints());
    ScheduledExecutorService timers = null;
    try {
      Optional<CompletedCheckpoint> latest = checkpoints.latest();
      if (latest.isPresent()) {
        CompletedCheckpoint c = latest.get();
        if (c.maxParallelism() != settings.maxParallelism()
            || c.sourceOffsets().length != splits
            || c.stages() != stages) {
          throw new IllegalArgumentException(
              "checkpoint "
                  + c.checkpointId()
                  + " has "
                  + c.maxParallelism()
                  + " key groups, "
                  + c.sourceOffsets().length
                  + " splits and "
                  + c.stages()
                  + " stages; the job has "
                  + settings.maxParallelism()
                  + ", "
                  + splits
                  + " and "
                  + stages);
        }
      }
      long attempt = checkpoints.claimAttempt();
      destroyEarlierRuns(storage, attempt);
      checkpoints.discardIncomplete();
      Map<String, TransactionalSink<?>> sideSinks = new LinkedHashMap<>();
      for (StagedJob.Stage stage : job.stages()) {
        stage.sideOutputs().forEach((tag, sink) -> sideSinks.put(tag.id(), sink));
      }
      for (CompletedCheckpoint c : checkpoints.retainedCheckpoints()) {
        CheckpointCoordinator.commit(c, job.sink(), sideSinks);
      }
      timers =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sediment-job-timers");
                t.setDaemon(true);
                return t;
              });
      List<Thread> threads = new ArrayList<>();
      CheckpointCoordinator coordinator =
          new CheckpointCoordinator(
              checkpoints,
              job.sink(),
              sideSinks,
              attempt,
              splits,
              settings.parallelism(),
              stages,
              settings.maxParallelism(),
              cause -> cancel(threads));
      LocalJob<T, K, R> running =
          new LocalJob<>(
              checkpoints,
              coordinator,
              timers,
              attempt,
              latest.isPresent()
                  ? OptionalLong.of(latest.get().checkpointId())
                  : OptionalLong.empty());
      running.launch(job, settings, storage, latest, threads);
      if (!settings.checkpointInterval().isZero()) {
        long every = settings.checkpointInterval().toNanos();
        timers.scheduleWithFixedDelay(coordinator::trigger, every, every, TimeUnit.NANOSECONDS);
      }
      LOG.info(
          "run {} of {} started, {}",
          attempt,
          storage.jobUri(),
          latest.map(c -> "restored from checkpoint " + c.checkpointId()).orElse("fresh"));
      return running;
    } catch (IOException | RuntimeException e) {
      if (timers != null) {
        timers.shutdownNow();
      }
      try {
        checkpoints.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void launch(
      StagedJob<T, R> job,
      RuntimeSettings settings,
      JobStorage storage,
      Optional<CompletedCheckpoint> latest,
      List<Thread> threads)
      throws IOException {
    int splits = job.source().splits();
    int p = settings.parallelism();
    List<StagedJob.Stage> stages = job.stages();
    DelayScheduler scheduler = DelayScheduler.of(timers);
    // Built from the last stage back: each stage's outputs are the next stage's input channels.
    List<List<OperatorTask<Object, Object, Object>>> tasks = new ArrayList<>();
    List<List<List<Channel>>> inputs = new ArrayList<>();
    for (int s = 0; s < stages.size(); s++) {
      tasks.add(new ArrayList<>());
      inputs.add(new ArrayList<>());
    }
    for (int s = stages.size() - 1; s >= 0; s--) {
      StagedJob.Stage stage = stages.get(s);
      boolean last = s == stages.size() - 1;
      for (int i = 0; i < p; i++) {
        KeyGroupRange range = KeyGroups.rangeForOperator(settings.maxParallelism(), p, i);
        String name =
            s == 0
                ? String.format("instance-%05d", i)
                : String.format("stage-%02d-instance-%05d", s, i);
        String dir = storage.stateUri() + String.format("/attempt-%020d/", attempt) + name;
        DbOptions.Builder options =
            storage
                .storeOptions()
                .apply(DbOptions.builder(dir).hadoopConfiguration(storage.conf()));
        List<StateDescriptor<?>> states = new ArrayList<>(stage.operator().states());
        states.addAll(KeyedTimers.RESERVATIONS);
        KeyedStateStore.Builder<Object> builder =
            KeyedStateStore.builder(
                    options, stage.keySerializer(), range, settings.maxParallelism())
                .declare(states.toArray(StateDescriptor<?>[]::new));
        SinkWriter<Object> writer;
        Downstream downstream;
        if (last) {
          writer = (SinkWriter<Object>) (SinkWriter) job.sink().writer(i, attempt);
          downstream = Downstream.NONE;
        } else {
          List<Channel> out = new ArrayList<>(p);
          for (int j = 0; j < p; j++) {
            Channel ch = new Channel(settings.channelCapacity(), tasks.get(s + 1).get(j));
            out.add(ch);
            inputs.get(s + 1).get(j).add(ch);
          }
          Exchange exchange =
              new Exchange(
                  stages.get(s + 1),
                  settings.maxParallelism(),
                  p,
                  out,
                  "stage " + s + " instance " + i);
          writer = exchange;
          downstream = exchange;
        }
        tasks
            .get(s)
            .add(
                new OperatorTask<>(
                    i,
                    s * p + i,
                    range,
                    stage.operator(),
                    stage.keySerializer(),
                    settings,
                    builder,
                    opener(latest, s, range),
                    checkpoints.storage(),
                    scheduler,
                    writer,
                    downstream,
                    sideWriters(stage, i, attempt),
                    coordinator));
        inputs.get(s).add(new ArrayList<>());
      }
    }
    List<SourceTask<?, ?>> sources = new ArrayList<>(splits);
    for (int sp = 0; sp < splits; sp++) {
      List<Channel> outputs = new ArrayList<>(p);
      for (int i = 0; i < p; i++) {
        Channel ch = new Channel(settings.channelCapacity(), tasks.get(0).get(i));
        outputs.add(ch);
        inputs.get(0).get(i).add(ch);
      }
      long offset = latest.isPresent() ? latest.get().sourceOffsets()[sp] : 0L;
      sources.add(
          new SourceTask<>(
              sp,
              offset,
              job.source(),
              stages.get(0),
              job.watermarks(),
              settings,
              outputs,
              coordinator));
    }
    coordinator.connect(sources);
    for (int s = 0; s < stages.size(); s++) {
      for (int i = 0; i < p; i++) {
        OperatorTask<?, ?, ?> task = tasks.get(s).get(i);
        task.connect(inputs.get(s).get(i));
        threads.add(
            new Thread(task, s == 0 ? "sediment-task-" + i : "sediment-task-" + s + "-" + i));
      }
    }
    for (int sp = 0; sp < splits; sp++) {
      threads.add(new Thread(sources.get(sp), "sediment-source-" + sp));
    }
    synchronized (threads) {
      this.threads.addAll(threads);
      threads.forEach(Thread::start);
    }
  }

  /** Instance {@code instance}'s writer of each side output the job keeps, by tag id. */
  private static Map<String, SinkWriter<?>> sideWriters(
      StagedJob.Stage stage, int instance, long attempt) throws IOException {
    Map<String, SinkWriter<?>> writers = new LinkedHashMap<>();
    for (Map.Entry<OutputTag<?>, TransactionalSink<?>> e : stage.sideOutputs().entrySet()) {
      writers.put(e.getKey().id(), e.getValue().writer(instance, attempt));
    }
    return writers;
  }

  /**
   * How instance {@code range} opens its store: fresh without a checkpoint, by a plain restore when
   * one store checkpoint has exactly its key groups, by a rescale otherwise.
   */
  private static KeyedStateStore.Opener opener(
      Optional<CompletedCheckpoint> latest, int stage, KeyGroupRange range) {
    if (latest.isEmpty()) {
      return Db::open;
    }
    List<byte[]> handles = new ArrayList<>();
    boolean exact = false;
    for (CompletedCheckpoint.InstanceState s : latest.get().stage(stage)) {
      if (s.keyGroups().overlaps(range)) {
        handles.add(s.handle());
        exact = s.keyGroups().equals(range);
      }
    }
    if (handles.size() == 1 && exact) {
      byte[] handle = handles.get(0);
      return options -> Restore.open(CheckpointHandle.fromBytes(handle), options);
    }
    return options -> {
      List<CheckpointHandle> hs = new ArrayList<>(handles.size());
      for (byte[] h : handles) {
        hs.add(CheckpointHandle.fromBytes(h));
      }
      return Restore.open(hs, range, options);
    };
  }

  /** Destroys the stores of runs before {@code attempt}; their checkpointed files stay. */
  private static void destroyEarlierRuns(JobStorage storage, long attempt) throws IOException {
    try (FileSystemView view = FileSystemView.open(storage.stateUri(), storage.conf())) {
      if (!view.exists(view.root())) {
        return;
      }
      for (FileStatus run : view.list(view.root())) {
        String name = run.getPath().getName();
        if (!name.startsWith("attempt-") || parseRun(name) >= attempt) {
          continue;
        }
        for (FileStatus store : view.list(run.getPath())) {
          Db.destroy(
              DbOptions.builder(storage.stateUri() + "/" + name + "/" + store.getPath().getName())
                  .hadoopConfiguration(storage.conf())
                  .build());
        }
        deleteIfEmpty(view, run.getPath());
      }
    }
  }

  private static void deleteIfEmpty(FileSystemView view, Path dir) throws IOException {
    if (view.list(dir).isEmpty()) {
      view.delete(dir);
    }
  }

  private static long parseRun(String name) {
    try {
      return Long.parseLong(name.substring("attempt-".length()));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // not a directory this runtime made: leave it
    }
  }

  private static void cancel(List<Thread> threads) {
    synchronized (threads) {
      for (Thread t : threads) {
        if (t != Thread.currentThread()) {
          t.interrupt();
        }
      }
    }
  }

  /**
   * Starts a checkpoint now, or returns the one under way.
   *
   * @return completes with the checkpoint's id once it is published and committed; exceptionally if
   *     the job fails or has finished
   */
  public CompletableFuture<Long> triggerCheckpoint() {
    return coordinator.trigger();
  }

  /** This run's number. */
  public long attempt() {
    return attempt;
  }

  /** The checkpoint this run restored from; empty for a fresh start. */
  public OptionalLong restoredFrom() {
    return restoredFrom;
  }

  /**
   * Waits until the job has read all its input and committed its last output, then releases its
   * resources.
   *
   * @throws IOException with the job's first failure as the cause if it failed
   * @throws InterruptedException if the wait is interrupted (the job goes on; {@link #close} it)
   */
  public JobResult await() throws IOException, InterruptedException {
    List<Thread> all;
    synchronized (threads) {
      all = List.copyOf(threads);
    }
    for (Thread t : all) {
      t.join();
    }
    close();
    Throwable failure = coordinator.failure();
    if (failure != null) {
      throw new IOException("run " + attempt + " of the job failed: " + failure, failure);
    }
    return new JobResult(
        attempt, restoredFrom, coordinator.completedCount(), coordinator.lastCompleted());
  }

  /**
   * Cancels the job if it runs (its last completed checkpoint stays) and releases its resources.
   *
   * @throws IOException naming what could not be closed
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    timers.shutdownNow();
    List<Thread> all;
    synchronized (threads) {
      all = List.copyOf(threads);
    }
    if (all.stream().anyMatch(Thread::isAlive)) {
      coordinator.fail(new java.util.concurrent.CancellationException("the job was closed"));
      for (Thread t : all) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    checkpoints.close();
  }
}
