package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static io.sediment.lsm.DbBasicTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction through the store: output cutting, tombstone clipping, file lifetime, triggers. */
class DbCompactionTest {

  @TempDir Path dir;

  private DbOptions.Builder options() {
    return DbOptions.builder(dir.toUri().toString())
        .compression(Compression.NONE)
        .memtableBytes(64 * 1024)
        .targetFileSizeBytes(4 * 1024)
        .maxBytesForLevelBase(1L << 30)
        .blockSize(512);
  }

  private long sstFilesOnDisk() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".sst")).count();
    }
  }

  @Test
  void outputsAreCutAtTheTargetSizeButNeverInsideAKey() throws IOException {
    try (Db db = Db.open(options().build())) {
      List<Snapshot> pins = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        db.put(b(String.format("key%04d", i)), b("value-" + i));
        if (i % 5 == 0) {
          db.put(b("key0500"), b("hot-" + i));
          pins.add(db.snapshot()); // every version of key0500 stays visible to someone
        }
      }
      db.compactRange(null, null);
      Version v = db.internal().currentVersion();
      assertEquals(6, v.deepestNonEmptyLevel(), "a new store compacts into the last level");
      List<FileMetadata> out = v.files(6);
      assertTrue(out.size() > 3, "expected several outputs, got " + out);
      for (FileMetadata f : out.subList(0, out.size() - 1)) {
        assertTrue(f.fileSize() < 3 * 4096, "output much larger than the target: " + f);
      }
      assertEquals(1, v.overlapping(6, b("key0500"), b("key0500")).size());
      assertEquals("hot-0", s(db.get(ReadOptions.defaults().snapshot(pins.get(0)), b("key0500"))));
      assertEquals("hot-995", s(db.get(b("key0500"))));
      pins.forEach(Snapshot::close);
    }
  }

  @Test
  void rangeTombstonesPinnedBySnapshotsAreClippedAcrossOutputs() throws IOException {
    try (Db db = Db.open(options().build())) {
      for (int i = 0; i < 1000; i++) {
        db.put(b(String.format("key%04d", i)), b("value-" + i));
      }
      db.flush();
      try (Snapshot before = db.snapshot()) {
        db.deleteRange(b("key0100"), b("key0900"));
        db.put(b("key0500"), b("back"));
        db.compactRange(null, null);
        Version v = db.internal().currentVersion();
        assertTrue(v.files(6).size() > 1, v.files(6).toString());
        assertTrue(
            v.files(6).stream().filter(f -> f.rangeDeletionCount() > 0).count() > 1,
            "the tombstone must be split over the outputs it spans: " + v.files(6));
        assertNull(db.get(b("key0100")));
        assertNull(db.get(b("key0899")));
        assertEquals("back", s(db.get(b("key0500"))));
        assertEquals("value-900", s(db.get(b("key0900"))));
        ReadOptions old = ReadOptions.defaults().snapshot(before);
        assertEquals("value-100", s(db.get(old, b("key0100"))));
        assertEquals("value-500", s(db.get(old, b("key0500"))));
        int count = 0;
        try (DbIterator it = db.newIterator()) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            count++;
          }
        }
        assertEquals(1000 - 800 + 1, count);
      }
      // With the snapshot gone, a bottommost compaction drops the tombstone and what it covers.
      db.compactRange(null, null);
      Version v = db.internal().currentVersion();
      assertEquals(0, v.allFiles().stream().mapToLong(FileMetadata::rangeDeletionCount).sum());
      assertEquals(201, v.allFiles().stream().mapToLong(FileMetadata::entryCount).sum());
    }
  }

  @Test
  void obsoleteFilesLiveUntilTheLastIteratorOnThemCloses() throws IOException {
    try (Db db = Db.open(options().build())) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 100; i++) {
          db.put(b(String.format("key%04d", i)), b("r" + round));
        }
        db.flush();
      }
      DbIterator pinned = db.newIterator();
      db.compactRange(null, null);
      int live = db.internal().currentVersion().fileCount();
      assertTrue(sstFilesOnDisk() > live, "the iterator's files must still exist");
      pinned.seekToFirst();
      assertEquals("r2", s(pinned.value()));
      pinned.close();
      assertEquals(live, sstFilesOnDisk());
    }
  }

  @Test
  void aRegistryPinKeepsACompactedFileUntilReleased() throws IOException {
    try (Db db = Db.open(options().build())) {
      db.put(b("a"), b("1"));
      db.flush();
      FileMetadata flushed = db.internal().currentVersion().files(0).get(0);
      org.apache.hadoop.fs.Path pinned =
          db.internal().fileRegistry().retain(flushed.logicalName()); // as a checkpoint would
      db.compactRange(null, null);
      assertTrue(db.internal().currentVersion().files(0).isEmpty());
      assertTrue(Files.exists(dir.resolve(flushed.logicalName())), "pinned by the registry");
      db.internal().fileRegistry().release(pinned);
      assertTrue(!Files.exists(dir.resolve(flushed.logicalName())), "deleted at the last release");
      assertEquals("1", s(db.get(b("a"))));
    }
  }

  @Test
  void levelZeroTriggerCompactsInTheBackground() throws IOException {
    try (Db db = Db.open(options().l0CompactionTrigger(3).build())) {
      for (int round = 0; round < 6; round++) {
        for (int i = 0; i < 50; i++) {
          db.put(b(String.format("key%04d", i * 7 + round)), b("r" + round));
        }
        db.flush();
      }
      db.internal().waitForCompactions();
      DbStats stats = db.stats();
      assertTrue(stats.compactionCount() > 0, stats.toString());
      assertTrue(stats.levels().get(0).fileCount() < 3, stats.toString());
      assertEquals("r5", s(db.get(b(String.format("key%04d", 7 * 10 + 5)))));
    }
  }

  @Test
  void theCompactionFilterRemovesAndRewritesValues() throws IOException {
    CompactionFilter filter =
        new CompactionFilter() {
          @Override
          public String name() {
            return "drop-expired";
          }

          @Override
          public Result filter(int level, byte[] userKey, byte[] value) {
            String v = s(value);
            if (v.startsWith("expired")) {
              return Result.remove();
            }
            if (v.startsWith("old-format:")) {
              return Result.changeValue(b(v.substring("old-format:".length())));
            }
            return Result.keep();
          }
        };
    try (Db db = Db.open(options().compactionFilter(filter).build())) {
      db.put(b("a"), b("expired-1"));
      db.put(b("b"), b("old-format:42"));
      db.put(b("c"), b("fresh"));
      db.flush();
      assertEquals("expired-1", s(db.get(b("a"))), "filters apply in compaction, not on read");
      db.compactRange(null, null);
      assertNull(db.get(b("a")));
      assertEquals("42", s(db.get(b("b"))));
      assertEquals("fresh", s(db.get(b("c"))));
    }
  }

  @Test
  void jobsRunOnTheGivenServiceWhichTheStoreDoesNotClose() throws Exception {
    List<CompactionJobSpecSummary> seen = new ArrayList<>();
    try (CompactionService pool = new LocalCompactionService(2)) {
      CompactionService recording =
          new CompactionService() {
            @Override
            public java.util.concurrent.CompletableFuture<CompactionResult> submit(Task task) {
              synchronized (seen) {
                seen.add(
                    new CompactionJobSpecSummary(
                        task.job().inputLevel(), task.job().outputLevel()));
              }
              return pool.submit(task);
            }

            @Override
            public void close() {
              throw new AssertionError("the store must not close a service it was given");
            }
          };
      try (Db db = Db.open(options().compactionService(recording).build())) {
        db.put(b("a"), b("1"));
        db.compactRange(null, null);
        assertEquals("1", s(db.get(b("a"))));
      }
      synchronized (seen) {
        assertTrue(seen.contains(new CompactionJobSpecSummary(0, 6)), seen.toString());
      }
      // Still usable by other stores.
      try (Db other = Db.open(options().compactionService(recording).build())) {
        other.compactRange(null, null);
      }
    }
  }

  @Test
  void aFailedCompactionLeavesItsInputsAndStopsWrites() throws IOException {
    CompactionService failing =
        new CompactionService() {
          @Override
          public java.util.concurrent.CompletableFuture<CompactionResult> submit(Task task) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                new IOException("worker lost while compacting " + task.job().inputs()));
          }

          @Override
          public void close() {}
        };
    DbOptions options = options().l0CompactionTrigger(2).compactionService(failing).build();
    Db db = Db.open(options);
    db.put(b("a"), b("1"));
    db.flush();
    db.put(b("b"), b("2"));
    db.flush();
    IOException e = assertThrows(IOException.class, () -> db.internal().waitForCompactions());
    assertTrue(e.getMessage().contains("worker lost"), e.getMessage());
    assertThrows(IOException.class, () -> db.put(b("c"), b("3")));
    assertEquals("1", s(db.get(b("a"))));
    assertEquals(2, db.stats().levels().get(0).fileCount(), "the inputs stay in place");
    db.close();
    try (Db reopened = Db.open(options().build())) {
      assertEquals("1", s(reopened.get(b("a"))));
      assertEquals("2", s(reopened.get(b("b"))));
    }
  }

  private record CompactionJobSpecSummary(int inputLevel, int outputLevel) {}
}
