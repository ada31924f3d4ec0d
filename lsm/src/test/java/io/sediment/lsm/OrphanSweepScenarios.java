package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static io.sediment.lsm.DbBasicTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.wrap.FaultInjectingFileSystem;
import io.sediment.fs.wrap.FsOp;
import io.sediment.lsm.internal.manifest.ManifestContents;
import io.sediment.lsm.internal.manifest.ManifestStore;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;

/**
 * Files a crash leaves in a store's directory are deleted when the store opens again, and nothing
 * else is: crashes are simulated by the fault-injecting file system ({@code faulty+<scheme>}) in
 * the middle of a compaction; then the store reopens on the plain URI. Subclasses pick the file
 * system.
 */
abstract class OrphanSweepScenarios {

  /** A new, empty directory URI on the file system under test (no wrapper scheme). */
  abstract String freshDir(String name);

  /** Configuration for that file system. */
  abstract Configuration conf();

  private DbOptions.Builder options(String uri) {
    return DbOptions.builder(uri)
        .hadoopConfiguration(conf())
        .compression(Compression.NONE)
        .memtableBytes(64 * 1024)
        .targetFileSizeBytes(4 * 1024)
        .blockSize(512)
        .l0CompactionTrigger(100)
        .l0StopWritesTrigger(200);
  }

  private static FaultInjectingFileSystem faults(Db db) {
    return (FaultInjectingFileSystem) db.internal().fileSystem().hadoopFileSystem();
  }

  /** Writes {@code rounds} flushed rounds of keys into {@code db} and the model. */
  private static void writeRounds(Db db, Map<String, String> model, int rounds) throws IOException {
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < 300; i++) {
        String key = String.format("key%04d", (i * 7 + round * 13) % 500);
        String value = "value-" + round + "-" + i + "-".repeat(40);
        db.put(b(key), b(value));
        model.put(key, value);
      }
      db.flush();
    }
  }

  private Set<String> sstsOnDisk(String uri) throws IOException {
    Set<String> names = new TreeSet<>();
    try (FileSystemView view = FileSystemView.open(uri, conf())) {
      for (FileStatus st : view.list(view.root())) {
        if (st.getPath().getName().endsWith(".sst")) {
          names.add(st.getPath().getName());
        }
      }
    }
    return names;
  }

  private ManifestContents newestManifest(String uri) throws IOException {
    try (FileSystemView view = FileSystemView.open(uri, conf())) {
      return ManifestStore.recover(view).orElseThrow().contents();
    }
  }

  private static Set<String> listedNames(ManifestContents m) {
    Set<String> names = new TreeSet<>();
    for (FileMetadata f : m.files()) {
      names.add(f.logicalName());
    }
    return names;
  }

  private static void closeCrashed(Db db) {
    try {
      db.internal().close(false);
    } catch (IOException expected) {
      // The file system refuses everything after the crash.
    }
  }

  private static void assertReads(Db db, Map<String, String> model) throws IOException {
    for (Map.Entry<String, String> e : model.entrySet()) {
      assertEquals(e.getValue(), s(db.get(b(e.getKey()))), e.getKey());
    }
  }

  @Test
  void aCrashWhileACompactionWritesLeavesOrphansThatTheNextOpenDeletes() throws IOException {
    String plain = freshDir("crash-mid-compaction");
    Map<String, String> model = new TreeMap<>();
    Db db = Db.open(options("faulty+" + plain).build());
    writeRounds(db, model, 3);
    Set<String> flushed = sstsOnDisk(plain);
    FaultInjectingFileSystem fs = faults(db);
    AtomicInteger outputs = new AtomicInteger();
    fs.failWhen(
        (op, path) -> {
          if (op == FsOp.CREATE && path.getName().endsWith(".sst")) {
            if (outputs.incrementAndGet() == 3) {
              try {
                fs.crash(); // while creating the third output: two are complete and synced
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              return true;
            }
          }
          return false;
        });
    assertThrows(IOException.class, () -> db.compactRange(null, null));
    closeCrashed(db);

    Set<String> orphans = new TreeSet<>(sstsOnDisk(plain));
    orphans.removeAll(flushed);
    assertEquals(2, orphans.size(), "two finished compaction outputs: " + orphans);
    ManifestContents before = newestManifest(plain);
    assertEquals(flushed, listedNames(before), "the manifest still lists the inputs");

    try (Db reopened = Db.open(options(plain).build())) {
      assertEquals(flushed, sstsOnDisk(plain), "orphans deleted, listed files intact");
      assertReads(reopened, model);
      reopened.compactRange(null, null); // the compaction the crash interrupted, now complete
      assertReads(reopened, model);
    }
    assertEquals(listedNames(newestManifest(plain)), sstsOnDisk(plain));
  }

  @Test
  void outputsPendingWhenAnotherEditWasPublishedAreDeletedToo() throws Exception {
    String plain = freshDir("crash-pending");
    Map<String, String> model = new TreeMap<>();
    CountDownLatch written = new CountDownLatch(1);
    CompletableFuture<Void> held = new CompletableFuture<>();
    CompactionService holding =
        new CompactionService() {
          @Override
          public CompletableFuture<CompactionResult> submit(Task task) {
            try {
              CompactionResult out = task.runLocally();
              written.countDown();
              return held.thenApply(ignored -> out);
            } catch (IOException e) {
              return CompletableFuture.failedFuture(e);
            }
          }

          @Override
          public void close() {}
        };
    Db db =
        Db.open(
            options("faulty+" + plain)
                .l0CompactionTrigger(2)
                .compactionService(holding)
                .maxBackgroundCompactions(1)
                .build());
    writeRounds(db, model, 2); // the second flush starts a compaction; its outputs wait
    assertTrue(written.await(60, TimeUnit.SECONDS), "the compaction wrote its outputs");
    Set<String> beforeFlush = sstsOnDisk(plain);
    writeRounds(db, model, 1); // publishes a manifest while the outputs are not installed
    ManifestContents published = newestManifest(plain);
    Set<String> outputs = new TreeSet<>(beforeFlush);
    outputs.removeAll(listedNames(published));
    assertFalse(outputs.isEmpty(), "outputs written, not installed");
    for (String name : outputs) {
      long number = Long.parseLong(name.substring(0, name.indexOf('.')));
      assertTrue(number < published.nextFileNumber(), "numbered before the last publish");
      assertTrue(published.pendingOutputs().contains(number), name + " listed as pending");
    }
    faults(db).crash();
    held.complete(null); // the install now fails: the outputs stay behind
    closeCrashed(db);
    assertTrue(sstsOnDisk(plain).containsAll(outputs));

    try (Db reopened = Db.open(options(plain).build())) {
      Set<String> left = sstsOnDisk(plain);
      for (String name : outputs) {
        assertFalse(left.contains(name), name + " deleted at open");
      }
      assertEquals(listedNames(published), left);
      assertReads(reopened, model);
    }
  }

  @Test
  void filesHandedToACheckpointSurviveTheSweepAfterTheStoreDropsThem() throws IOException {
    String plain = freshDir("shared");
    Map<String, String> model = new TreeMap<>();
    Set<String> shared = new HashSet<>();
    try (Db db = Db.open(options(plain).build())) {
      writeRounds(db, model, 2);
      List<FileMetadata> files = db.internal().currentVersion().allFiles();
      db.internal().markShared(files); // as a checkpoint does
      files.forEach(f -> shared.add(f.logicalName()));
      writeRounds(db, model, 1);
      db.compactRange(null, null); // drops the shared files from the version, not from disk
      Set<String> listed = new HashSet<>();
      db.internal().currentVersion().allFiles().forEach(f -> listed.add(f.logicalName()));
      for (String name : shared) {
        assertFalse(listed.contains(name), name + " compacted away");
      }
    }
    assertTrue(sstsOnDisk(plain).containsAll(shared), "only the checkpoint deletes them");
    try (Db reopened = Db.open(options(plain).build())) {
      assertTrue(sstsOnDisk(plain).containsAll(shared), "not orphans: a checkpoint owns them");
      assertReads(reopened, model);
    }
  }

  @Test
  void aDirectoryIsOpenedByOneStoreAtATime() throws IOException {
    String plain = freshDir("lock");
    try (Db db = Db.open(options(plain).build())) {
      db.put(b("k"), b("v"));
      IOException e = assertThrows(IOException.class, () -> Db.open(options(plain).build()));
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
      assertThrows(IOException.class, () -> Db.open(options("faulty+" + plain).build()));
      assertEquals("v", s(db.get(b("k"))), "the open store is unaffected");
    }
    try (Db again = Db.open(options(plain).build())) {
      assertEquals("v", s(again.get(b("k"))));
    }
  }
}
