package io.sediment.compaction;

import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.CompactionService;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CompactionService} that runs jobs on {@link CompactionWorker}s in other processes.
 *
 * <p><b>How a job runs.</b> For each attempt the service asks the store for a fresh attempt ({@link
 * CompactionService.Task#newAttempt()}: a new output directory and attempt number), submits it to
 * the next worker (round robin), and polls its status every poll interval. A worker that answers
 * 503 (busy), refuses the job (400, 401), reports it failed, forgets it, or neither answers nor
 * makes progress (entries or bytes written) within the job timeout is given up: the attempt is
 * cancelled on the worker if it still answers, its directory deleted ({@link
 * CompactionService.Task#discard}; after the next attempt, see below, if the worker may not have
 * stopped), and the job retried on the next worker with a new attempt. When every worker was tried,
 * the job runs in this process if {@code fallbackToLocal} (the default), else its future fails.
 * Only the result of the attempt being waited for is returned; the store installs only that
 * attempt's outputs, so a late worker never gets anything installed.
 *
 * <p><b>Resuming.</b> An attempt given up on a timeout keeps its directory until the next attempt
 * is over: the next attempt names it as its resume directory, and its worker takes over the outputs
 * recorded there instead of writing them again ({@link
 * io.sediment.lsm.CompactionJobs#run(CompactionJob, org.apache.hadoop.conf.Configuration,
 * io.sediment.lsm.MergeFunction, io.sediment.lsm.CompactionFilter,
 * io.sediment.lsm.CompactionProgress, String)}). A job that falls back to this process runs whole.
 *
 * <p><b>Late workers.</b> An attempt given up on a timeout may still be running (a hung or
 * partitioned worker). The service keeps polling it in the background; once it reports the attempt
 * over, or has forgotten it, the directory is deleted again and the store stops tracking it. If
 * that never happens, the store's next open deletes the directory.
 *
 * <p>Timeouts are decided on the injected clock ({@link Builder#nanoClock}); requests also carry a
 * timeout, so a stopped worker cannot hang a call. Thread-safe.
 */
public final class RemoteCompactionService implements CompactionService {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteCompactionService.class);

  private record Zombie(
      CompactionService.Task task,
      CompactionJob attempt,
      URI worker,
      String handle,
      long abandonedNanos) {}

  private final List<URI> workers;
  private final Duration jobTimeout;
  private final Duration pollInterval;
  private final boolean fallbackToLocal;
  private final LongSupplier nanoClock;
  private final WorkerClient client;
  private final ExecutorService pool;
  private final ScheduledExecutorService reaper;
  private final AtomicInteger nextWorker = new AtomicInteger();
  private final ConcurrentLinkedQueue<Zombie> zombies = new ConcurrentLinkedQueue<>();

  private RemoteCompactionService(Builder b) {
    this.workers = List.copyOf(b.workers);
    this.jobTimeout = b.jobTimeout;
    this.pollInterval = b.pollInterval;
    this.fallbackToLocal = b.fallbackToLocal;
    this.nanoClock = b.nanoClock;
    Duration requestTimeout =
        jobTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? jobTimeout : Duration.ofSeconds(10);
    this.client =
        new WorkerClient(
            HttpClient.newBuilder().connectTimeout(requestTimeout).build(),
            b.token,
            requestTimeout);
    AtomicInteger ids = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sediment-remote-compaction-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sediment-remote-compaction-reaper");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, pollInterval.toMillis());
    reaper.scheduleWithFixedDelay(this::reap, every, every, TimeUnit.MILLISECONDS);
  }

  /** A builder; {@link Builder#workers} and {@link Builder#token} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code task} on the workers (or here, see the class comment) on a thread of this service.
   *
   * @throws IllegalStateException if the service is closed
   */
  @Override
  public CompletableFuture<CompactionResult> submit(Task task) {
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return run(task);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          pool);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("remote compaction service is closed", e);
    }
  }

  /** Attempts not answered yet after being given up (for tests and monitoring). */
  public int lateAttempts() {
    return zombies.size();
  }

  private CompactionResult run(Task task) throws IOException {
    if (task.job().trivialMove()) {
      return task.runLocally();
    }
    List<String> failures = new ArrayList<>();
    int first = Math.floorMod(nextWorker.getAndIncrement(), workers.size());
    Earlier earlier = new Earlier();
    try {
      for (int i = 0; i < workers.size(); i++) {
        URI worker = workers.get((first + i) % workers.size());
        CompactionResult result = attempt(task, worker, failures, earlier);
        if (result != null) {
          return result;
        }
      }
    } finally {
      earlier.settle(task);
    }
    if (fallbackToLocal) {
      LOG.info(
          "compaction job {} runs locally: no worker could run it ({})",
          task.job().jobId(),
          failures);
      return task.runLocally();
    }
    throw new IOException(
        "no compaction worker could run job " + task.job().jobId() + ": " + failures);
  }

  /**
   * The latest attempt given up while its worker may not have stopped (killed, hung, cut off): its
   * directory is kept, so that the next attempt can take over the outputs it finished, and deleted
   * once that attempt is over (or a newer one is given up).
   */
  private static final class Earlier {
    private CompactionJob attempt;

    String directory() {
      return attempt == null ? "" : attempt.outputDirectory();
    }

    void replace(Task task, CompactionJob givenUp) {
      settle(task);
      attempt = givenUp;
    }

    void settle(Task task) {
      if (attempt != null) {
        task.discard(attempt, false);
        attempt = null;
      }
    }
  }

  /** One attempt on {@code worker}: its result, or null after giving it up. */
  private CompactionResult attempt(Task task, URI worker, List<String> failures, Earlier earlier)
      throws IOException {
    CompactionJob attempt = task.newAttempt();
    WorkerClient.Submitted submitted;
    try {
      submitted = client.submit(worker, attempt, earlier.directory());
    } catch (InterruptedIOException e) {
      task.discard(attempt, false);
      throw e;
    } catch (IOException e) {
      // The request may have reached the worker: treat it as possibly running.
      failures.add(worker + ": " + e.getMessage());
      task.discard(attempt, false);
      return null;
    }
    if (submitted.handle() == null) {
      failures.add(worker + ": " + submitted.status() + " " + submitted.message());
      task.discard(attempt, true);
      return null;
    }
    String handle = submitted.handle();
    long lastProgress = nanoClock.getAsLong();
    long seenEntries = -1;
    long seenBytes = -1;
    while (true) {
      WorkerStatus status = null;
      try {
        status = client.status(worker, handle);
        if (status == null) {
          failures.add(worker + ": forgot job " + handle);
          task.discard(attempt, true);
          return null;
        }
      } catch (InterruptedIOException e) {
        abandon(task, attempt, worker, handle);
        throw e;
      } catch (IOException e) {
        LOG.debug("no status from {}: {}", worker, e.getMessage());
      }
      long now = nanoClock.getAsLong();
      if (status != null) {
        switch (status.state()) {
          case SUCCEEDED -> {
            try {
              CompactionResult r = client.result(worker, handle);
              forget(worker, handle);
              return r;
            } catch (IOException e) {
              failures.add(worker + ": result: " + e.getMessage());
              forget(worker, handle);
              task.discard(attempt, true);
              return null;
            }
          }
          case FAILED, CANCELLED -> {
            failures.add(worker + ": " + status.state() + " " + status.error());
            forget(worker, handle);
            task.discard(attempt, true);
            return null;
          }
          case RUNNING -> {
            if (status.entries() != seenEntries || status.bytesWritten() != seenBytes) {
              seenEntries = status.entries();
              seenBytes = status.bytesWritten();
              lastProgress = now;
            }
          }
        }
      }
      if (now - lastProgress > jobTimeout.toNanos()) {
        failures.add(worker + ": no progress within " + jobTimeout);
        LOG.warn(
            "compaction job {} attempt {} on {}: no progress within {}, retrying elsewhere",
            attempt.jobId(),
            attempt.attempt(),
            worker,
            jobTimeout);
        abandon(task, attempt, worker, handle, earlier);
        return null;
      }
      try {
        Thread.sleep(pollInterval.toMillis()); // pacing of the polls, not a wait for a result
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abandon(task, attempt, worker, handle);
        throw new InterruptedIOException("interrupted waiting for " + worker);
      }
    }
  }

  private void abandon(Task task, CompactionJob attempt, URI worker, String handle) {
    abandon(task, attempt, worker, handle, null);
  }

  /**
   * Gives up an attempt; with {@code earlier}, one whose worker may still be running is kept for
   * the next attempt to resume from instead of being deleted now.
   */
  private void abandon(
      Task task, CompactionJob attempt, URI worker, String handle, Earlier earlier) {
    WorkerStatus s = null;
    try {
      s = client.cancel(worker, handle);
    } catch (IOException e) {
      LOG.debug("cannot cancel {} on {}: {}", handle, worker, e.getMessage());
    }
    boolean stopped = s != null && s.state().terminal();
    if (stopped || earlier == null) {
      task.discard(attempt, stopped);
    } else {
      earlier.replace(task, attempt);
    }
    if (!stopped) {
      zombies.add(new Zombie(task, attempt, worker, handle, nanoClock.getAsLong()));
    }
  }

  private void forget(URI worker, String handle) {
    try {
      client.cancel(worker, handle);
    } catch (IOException e) {
      LOG.debug("cannot forget {} on {}: {}", handle, worker, e.getMessage());
    }
  }

  /** Polls attempts given up while running; settles those that are over. */
  private void reap() {
    for (Zombie z : zombies) {
      boolean over;
      try {
        WorkerStatus s = client.status(z.worker(), z.handle());
        over = s == null || s.state().terminal();
        if (s != null && !over) {
          s = client.cancel(z.worker(), z.handle());
          over = s == null || s.state().terminal();
        }
      } catch (IOException | RuntimeException e) {
        over = false;
      }
      if (over) {
        forget(z.worker(), z.handle());
        zombies.remove(z);
        try {
          z.task().discard(z.attempt(), true);
        } catch (RuntimeException e) {
          LOG.warn(
              "cannot discard late attempt {}: {}", z.attempt().outputDirectory(), e.toString());
        }
        LOG.info(
            "late attempt {} of compaction job {} is over; its outputs were deleted",
            z.attempt().attempt(),
            z.attempt().jobId());
      } else if (nanoClock.getAsLong() - z.abandonedNanos() > 10 * jobTimeout.toNanos()) {
        zombies.remove(z); // the store's next open deletes what it wrote
      }
    }
  }

  /** Stops accepting jobs, waits up to a minute for running ones, stops polling late ones. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reaper.shutdownNow();
  }

  /** Settings of a {@link RemoteCompactionService}. */
  public static final class Builder {
    private List<URI> workers;
    private String token;
    private Duration jobTimeout = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofMillis(200);
    private boolean fallbackToLocal = true;
    private LongSupplier nanoClock = System::nanoTime;

    private Builder() {}

    /**
     * The workers' base URIs, e.g. {@code http://127.0.0.1:7070}.
     *
     * @throws IllegalArgumentException if the list is empty or holds a null or non-HTTP URI
     */
    public Builder workers(List<URI> uris) {
      if (uris == null || uris.isEmpty()) {
        throw new IllegalArgumentException("need at least one worker URI: " + uris);
      }
      for (URI u : uris) {
        if (u == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
          throw new IllegalArgumentException("worker URI must be http(s): " + u);
        }
      }
      this.workers = List.copyOf(uris);
      return this;
    }

    /**
     * The workers' shared token.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder token(String t) {
      if (t == null || t.isBlank()) {
        throw new IllegalArgumentException("token must not be blank");
      }
      this.token = t;
      return this;
    }

    /**
     * How long a worker may go without answering or progressing before its attempt is given up
     * (default 30 s).
     *
     * @throws IllegalArgumentException naming the value if not positive
     */
    public Builder jobTimeout(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("job timeout must be positive: " + d);
      }
      this.jobTimeout = d;
      return this;
    }

    /**
     * How often a running attempt is polled (default 200 ms).
     *
     * @throws IllegalArgumentException naming the value if not positive
     */
    public Builder pollInterval(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("poll interval must be positive: " + d);
      }
      this.pollInterval = d;
      return this;
    }

    /** Whether a job no worker could run runs in the store's process (default true). */
    public Builder fallbackToLocal(boolean on) {
      this.fallbackToLocal = on;
      return this;
    }

    /** The clock timeouts are measured on, in nanoseconds (default {@link System#nanoTime}). */
    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The service.
     *
     * @throws IllegalStateException if workers or token are missing
     */
    public RemoteCompactionService build() {
      if (workers == null || token == null) {
        throw new IllegalStateException("a remote compaction service needs workers and a token");
      }
      return new RemoteCompactionService(this);
    }
  }
}
