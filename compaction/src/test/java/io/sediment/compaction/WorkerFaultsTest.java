package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A worker whose file system fails under it (reads of inputs, creating, writing, tearing and
 * closing outputs, through the fault-injecting wrapper): its job fails cleanly (nothing of the
 * attempt installed, its directory deleted at once), the job is retried on the next worker or in
 * the store's process, and the store equals its model, also after a reopen.
 */
class WorkerFaultsTest {

  private static final String TOKEN = "faults-token";

  /** Outputs small enough that a job writes several, so a fault can strike after the first. */
  private static final long TARGET_FILE_SIZE = 8 << 10;

  @TempDir Path dir;

  private static Configuration faulty(String op, String pathContains, int nth, int tearBytes) {
    Configuration c = new Configuration();
    c.setClass(
        "fs.file.impl", ConfiguredFaultsFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    c.setBoolean("fs.file.impl.disable.cache", true);
    c.set(ConfiguredFaultsFileSystem.OP, op);
    c.set(ConfiguredFaultsFileSystem.PATH_CONTAINS, pathContains);
    c.setInt(ConfiguredFaultsFileSystem.NTH, nth);
    c.setInt(ConfiguredFaultsFileSystem.TEAR_BYTES, tearBytes);
    return c;
  }

  @ParameterizedTest(name = "{0} #{2} of paths with ''{1}'' (tear {3}), local fallback {4}")
  @CsvSource({
    "read,   .sst,          3, -1, false",
    "read,   .sst,          5, -1, true",
    "create, /compactions/, 2, -1, false",
    "write,  /compactions/, 2, -1, true",
    "write,  /compactions/, 2, 100, false",
    "close,  /compactions/, 1, -1, true",
  })
  void failingWorkerFileSystemFailsTheAttemptCleanly(
      String op, String pathContains, int nth, int tearBytes, boolean localFallback)
      throws IOException {
    Path store = dir.resolve("store");
    TreeMap<String, Long> model = new TreeMap<>();
    try (Db db = Db.open(RemoteStores.options(store, null, TARGET_FILE_SIZE))) {
      RemoteStores.write(db, model, 5 + nth, 6);
    }
    try (CompactionWorker bad =
            CompactionWorker.builder()
                .token(TOKEN)
                .hadoopConfiguration(faulty(op, pathContains, nth, tearBytes))
                .start();
        CompactionWorker good = CompactionWorker.builder().token(TOKEN).start()) {
      List<java.net.URI> workers =
          localFallback ? List.of(bad.uri()) : List.of(bad.uri(), good.uri());
      try (RemoteCompactionService service =
          RemoteCompactionService.builder()
              .workers(workers)
              .token(TOKEN)
              .jobTimeout(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(20))
              .fallbackToLocal(localFallback)
              .build()) {
        try (Db db = Db.open(RemoteStores.options(store, service, TARGET_FILE_SIZE))) {
          db.compactRange(null, null);
          RemoteStores.check(db, model);
          assertTrue(bad.jobsFailed() > 0, "the fault struck a job on the failing worker");
          assertNoFileOfAFailedAttempt(store, db);
          RemoteStores.write(db, model, 77, 2);
          db.compactRange(null, null);
          RemoteStores.check(db, model);
          assertNoFileOfAFailedAttempt(store, db);
        }
      }
      if (localFallback) {
        assertEquals(0, good.jobsStarted(), "only the failing worker was named");
      } else {
        assertTrue(good.jobsSucceeded() > 0, "the next worker ran the failed jobs");
      }
    }
    try (Db db = Db.open(RemoteStores.options(store, null, TARGET_FILE_SIZE))) {
      RemoteStores.check(db, model);
      assertOnlyInstalledAttemptsRemain(store, db);
    }
  }

  /**
   * Every file under the compactions directory is a live file of the store: failed attempts left
   * none. (A directory whose installed outputs were compacted away again stays, empty, until the
   * next open.)
   */
  private static void assertNoFileOfAFailedAttempt(Path store, Db db) throws IOException {
    List<String> live = RemoteStores.livePaths(db);
    for (String f : RemoteStores.jobFiles(store)) {
      assertTrue(
          live.stream().anyMatch(p -> p.endsWith("/" + f)),
          "a file of a failed attempt is left: " + f + "; live: " + live);
    }
  }

  /** After an open: only directories holding live files are left under compactions/. */
  private static void assertOnlyInstalledAttemptsRemain(Path store, Db db) throws IOException {
    assertNoFileOfAFailedAttempt(store, db);
    List<String> live = RemoteStores.livePaths(db);
    for (String d : RemoteStores.jobDirectories(store)) {
      assertTrue(
          live.stream().anyMatch(p -> p.contains("/compactions/" + d + "/")),
          "a failed attempt's directory is left: " + d);
    }
  }
}
