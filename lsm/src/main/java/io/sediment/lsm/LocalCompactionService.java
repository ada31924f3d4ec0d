package io.sediment.lsm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CompactionService} running every job in this process ({@link
 * CompactionService.Task#runLocally()}) on a fixed pool of daemon threads. A store given no service
 * makes its own, with {@link DbSettings#maxBackgroundCompactions()} threads; one instance may serve
 * any number of stores. A job's I/O failure completes its future exceptionally with an {@link
 * UncheckedIOException} wrapping it. Thread-safe.
 */
public final class LocalCompactionService implements CompactionService {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorService pool;

  /**
   * A service with {@code threads} daemon threads.
   *
   * @throws IllegalArgumentException naming the value if threads is not positive
   */
  public LocalCompactionService(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("compaction threads must be positive: " + threads);
    }
    int poolId = POOLS.incrementAndGet();
    AtomicInteger threadId = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t =
                  new Thread(r, "sediment-compaction-" + poolId + "-" + threadId.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code task} on a pool thread.
   *
   * @throws IllegalStateException if the service is closed
   */
  @Override
  public CompletableFuture<CompactionResult> submit(Task task) {
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return task.runLocally();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          pool);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("compaction service is closed", e);
    }
  }

  /** Stops accepting jobs and waits up to a minute for running ones. Idempotent. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
