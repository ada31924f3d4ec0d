package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionJobs;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.Db;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores compacting on in-process {@link CompactionWorker}s over real HTTP: outputs installed in
 * place from the attempt directory, the store equal to its model across reopens, results of an
 * attempt the store does not await refused, and a worker whose reads fail replaced by another.
 */
class RemoteCompactionTest {

  private static final String TOKEN = "s3cret-token";

  @TempDir Path dir;

  private CompactionWorker worker;
  private RemoteCompactionService service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    if (worker != null) {
      worker.close();
    }
  }

  private RemoteCompactionService remote(List<URI> workers, boolean fallback) {
    return RemoteCompactionService.builder()
        .workers(workers)
        .token(TOKEN)
        .jobTimeout(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .fallbackToLocal(fallback)
        .build();
  }

  @Test
  void compactsOnWorkerAndInstallsOutputsInPlace() throws IOException {
    worker = CompactionWorker.builder().token(TOKEN).threads(2).start();
    service = remote(List.of(worker.uri()), false);
    Path store = dir.resolve("store");
    TreeMap<String, Long> model = new TreeMap<>();
    try (Db db = Db.open(RemoteStores.options(store, service))) {
      RemoteStores.write(db, model, 42, 12);
      db.compactRange(null, null);
      RemoteStores.check(db, model);
      List<String> live = RemoteStores.livePaths(db);
      assertTrue(
          live.stream().allMatch(p -> p.contains("/compactions/")),
          "after a full compaction every live file is a worker's output: " + live);
    }
    assertTrue(worker.jobsSucceeded() > 0);
    assertEquals(0, worker.jobsFailed());
    // Reopened without the service: the files in the attempt directories are the store's.
    try (Db db = Db.open(RemoteStores.options(store, null))) {
      RemoteStores.check(db, model);
      RemoteStores.write(db, model, 43, 3);
      db.compactRange(null, null);
      RemoteStores.check(db, model);
    }
    // Compacted away locally: their directories are empty, and the next open removes them.
    try (Db db = Db.open(RemoteStores.options(store, null))) {
      RemoteStores.check(db, model);
      assertEquals(List.of(), RemoteStores.jobDirectories(store));
    }
  }

  @Test
  void resultOfAnEarlierAttemptIsRefusedAndItsDirectoryDeleted() throws IOException {
    Path store = dir.resolve("store");
    CompactionService stale =
        new CompactionService() {
          @Override
          public CompletableFuture<CompactionResult> submit(Task task) {
            try {
              CompactionJob first = task.newAttempt();
              CompactionResult r =
                  CompactionJobs.run(first, new Configuration(), MergeFunctions.uint64Add(), null);
              task.newAttempt(); // the store now waits for attempt 2
              return CompletableFuture.completedFuture(r);
            } catch (IOException e) {
              return CompletableFuture.failedFuture(e);
            }
          }

          @Override
          public void close() {}
        };
    TreeMap<String, Long> model = new TreeMap<>();
    try (Db db = Db.open(RemoteStores.options(store, stale))) {
      RemoteStores.write(db, model, 7, 3);
      List<String> before = RemoteStores.livePaths(db);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> db.compactRange(null, null));
      assertTrue(e.getMessage().contains("refusing output"), e.getMessage());
      assertEquals(before, RemoteStores.livePaths(db), "nothing installed");
      RemoteStores.check(db, model);
      assertEquals(List.of(), RemoteStores.jobFiles(store), "both attempts' outputs deleted");
    } catch (IllegalStateException expectedOnClose) {
      // The failed compaction stopped writes; close reports nothing more.
    }
    try (Db db = Db.open(RemoteStores.options(store, null))) {
      RemoteStores.check(db, model);
      assertEquals(List.of(), RemoteStores.jobDirectories(store));
    }
  }

  @Test
  void workerWhoseReadsFailIsReplacedByTheNext() throws IOException {
    Configuration failing = new Configuration();
    failing.setClass(
        "fs.file.impl", FailingReadsFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    failing.setBoolean("fs.file.impl.disable.cache", true);
    worker = CompactionWorker.builder().token(TOKEN).hadoopConfiguration(failing).start();
    try (CompactionWorker good = CompactionWorker.builder().token(TOKEN).start()) {
      service = remote(List.of(worker.uri(), good.uri()), false);
      Path store = dir.resolve("store");
      TreeMap<String, Long> model = new TreeMap<>();
      try (Db db = Db.open(RemoteStores.options(store, service))) {
        RemoteStores.write(db, model, 11, 6);
        db.compactRange(null, null);
        RemoteStores.check(db, model);
      }
      service.close();
      service = null;
      assertTrue(worker.jobsFailed() > 0, "the failing worker was tried");
      assertEquals(0, worker.jobsSucceeded());
      assertTrue(good.jobsSucceeded() > 0);
      try (Db db = Db.open(RemoteStores.options(store, null))) {
        RemoteStores.check(db, model);
        for (String d : RemoteStores.jobDirectories(store)) {
          assertTrue(
              RemoteStores.livePaths(db).stream()
                  .anyMatch(p -> p.contains("/compactions/" + d + "/")),
              "only installed attempts keep a directory: " + d);
        }
      }
    }
  }
}
