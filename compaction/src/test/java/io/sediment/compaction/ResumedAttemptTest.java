package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionJobs;
import io.sediment.lsm.CompactionProgress;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.Db;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.spi.PinnedVersion;
import io.sediment.lsm.spi.StoreEngine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A retried attempt takes over the outputs its predecessor finished and recorded, and only those
 * that pass every check: the first attempt dies (its third output cannot be created and, like a
 * killed process, it deletes nothing), the second runs with the first's directory, and the store
 * installs the second's result and equals its model, with a range tombstone that a snapshot keeps
 * spanning the outputs. A damaged or missing progress entry stops the takeover there, down to a
 * full rerun.
 */
class ResumedAttemptTest {

  private static final long TARGET_FILE_SIZE = 2 << 10;

  @TempDir Path dir;

  /** The first attempt's failing file system: no third output, no deletion. */
  private static Configuration dying() {
    Configuration c = new Configuration();
    c.setClass(
        "fs.file.impl", ConfiguredFaultsFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    c.setBoolean("fs.file.impl.disable.cache", true);
    c.set(ConfiguredFaultsFileSystem.OP, "create");
    c.set(ConfiguredFaultsFileSystem.PATH_CONTAINS, "000003.sst");
    c.set(ConfiguredFaultsFileSystem.ALSO_FAIL_EVERY, "delete");
    return c;
  }

  @ParameterizedTest(name = "damage: {0}")
  @ValueSource(strings = {"none", "corrupt-second-record", "missing-first-output"})
  void retryTakesOverOnlyWhatPassesItsChecks(String damage) throws IOException {
    Path store = dir.resolve("store");
    TreeMap<String, Long> model = new TreeMap<>();
    try (Db db = Db.open(RemoteStores.options(store, null, TARGET_FILE_SIZE))) {
      RemoteStores.write(db, model, 21, 6);
    }
    List<Long> reused = new ArrayList<>();
    CompactionService resuming =
        new CompactionService() {
          @Override
          public CompletableFuture<CompactionResult> submit(Task task) {
            if (task.job().trivialMove()) {
              try {
                return CompletableFuture.completedFuture(task.runLocally());
              } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
              }
            }
            try {
              CompactionJob first = task.newAttempt();
              try {
                return CompletableFuture.completedFuture(
                    CompactionJobs.run(first, dying(), MergeFunctions.uint64Add(), null));
              } catch (IOException expected) {
                // The first attempt died after two outputs; damage what it left as asked.
              }
              Path firstDir = Path.of(URI.create(first.outputDirectory()));
              if (damage.equals("corrupt-second-record")) {
                Path record = firstDir.resolve("000002.progress");
                byte[] b = Files.readAllBytes(record);
                b[b.length / 2] ^= 0x5a;
                Files.write(record, b);
              } else if (damage.equals("missing-first-output")) {
                Files.delete(firstDir.resolve("000001.sst"));
              }
              CompactionJob second = task.newAttempt();
              CompactionProgress progress = new CompactionProgress();
              CompactionResult r =
                  CompactionJobs.run(
                      second,
                      new Configuration(),
                      MergeFunctions.uint64Add(),
                      null,
                      progress,
                      first.outputDirectory());
              task.discard(first, true);
              reused.add(progress.reusedOutputs());
              return CompletableFuture.completedFuture(r);
            } catch (IOException e) {
              return CompletableFuture.failedFuture(e);
            }
          }

          @Override
          public void close() {}
        };
    try (Db db = Db.open(RemoteStores.options(store, resuming, TARGET_FILE_SIZE))) {
      // A range tombstone over most keys, kept by an older snapshot: the outputs carry it, each
      // clipped to its share of the key space, so it spans the cut a retry restarts at.
      Snapshot older = db.snapshot();
      db.deleteRange(RemoteStores.key(150), RemoteStores.key(1350));
      model.subMap("key000150", "key001350").clear();
      RemoteStores.write(db, model, 23, 1);
      db.compactRange(null, null);
      RemoteStores.check(db, model);
      long outputsWithTheTombstone;
      try (PinnedVersion v = StoreEngine.of(db).pinCurrentVersion()) {
        outputsWithTheTombstone =
            v.files().stream().filter(f -> f.rangeDeletionCount() > 0).count();
      }
      assertTrue(outputsWithTheTombstone > 1, "the tombstone spans outputs");
      older.close();
      assertTrue(!reused.isEmpty(), "some job had a third output and was retried");
      long expected =
          switch (damage) {
            case "none" -> 2;
            case "corrupt-second-record" -> 1;
            default -> 0;
          };
      for (long n : reused) {
        assertEquals(expected, n, "outputs taken over by the retry");
      }
      RemoteStores.write(db, model, 22, 2);
      db.compactRange(null, null);
      RemoteStores.check(db, model);
    }
    try (Db db = Db.open(RemoteStores.options(store, null, TARGET_FILE_SIZE))) {
      RemoteStores.check(db, model);
      for (String f : RemoteStores.jobFiles(store)) {
        assertTrue(f.endsWith(".sst"), "no progress record outlives its job: " + f);
      }
    }
  }
}
