package io.sediment.lsm.internal.compaction;

import io.sediment.lsm.CompactionService;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link CompactionService} on a fixed pool of daemon threads in this process. */
public final class LocalCompactionService implements CompactionService {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorService pool;

  /**
   * @throws IllegalArgumentException if threads is not positive
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

  @Override
  public CompletableFuture<List<FileMetadata>> submit(Task task) {
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
