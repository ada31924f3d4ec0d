package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files handed to a checkpoint (shared) are never deleted by the store, also after reopening. */
class DbSharedFilesTest {

  @TempDir Path dir;

  private DbOptions options() {
    return DbOptions.builder(dir.toUri().toString())
        .memtableBytes(8 * 1024)
        .l0CompactionTrigger(2)
        .build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Db db, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      db.put(b(String.format("key%05d", i)), b("value-" + i + "-".repeat(20)));
    }
  }

  @Test
  void sharedFilesSurviveCompactionAndReopen() throws IOException {
    List<Path> shared = new ArrayList<>();
    List<Path> owned = new ArrayList<>();
    try (Db db = Db.open(options())) {
      write(db, 0, 300);
      db.flush();
      db.internal().waitForCompactions(); // a quiet store: its version stays the pinned one
      Version pinned = db.internal().pinCurrentVersion();
      try {
        List<Long> marked = db.internal().markShared(pinned.allFiles());
        assertEquals(pinned.fileCount(), marked.size());
        assertTrue(db.internal().markShared(pinned.allFiles()).isEmpty(), "marking is idempotent");
        for (FileMetadata f : pinned.allFiles()) {
          shared.add(Path.of(db.internal().physicalPath(f).toUri()));
        }
      } finally {
        pinned.unref();
      }
      for (FileMetadata f : db.internal().currentVersion().allFiles()) {
        assertEquals(FileOwnership.SHARED, f.ownership(), f.toString());
      }
    }
    try (Db db = Db.open(options())) {
      for (FileMetadata f : db.internal().currentVersion().allFiles()) {
        assertEquals(FileOwnership.SHARED, f.ownership(), "read back from the manifest: " + f);
      }
      write(db, 300, 600);
      db.flush();
      for (FileMetadata f : db.internal().currentVersion().allFiles()) {
        if (f.ownership() == FileOwnership.OWNED) {
          owned.add(Path.of(db.internal().physicalPath(f).toUri()));
        }
      }
      db.compactRange(null, null);
      db.internal().waitForCompactions();
      for (Path p : shared) {
        assertTrue(Files.exists(p), p + " is shared: the store must not delete it");
      }
      List<Path> live = new ArrayList<>();
      for (FileMetadata f : db.internal().currentVersion().allFiles()) {
        live.add(Path.of(db.internal().physicalPath(f).toUri()));
      }
      for (Path p : owned) {
        assertEquals(live.contains(p), Files.exists(p), p + ": an owned file goes when obsolete");
      }
      assertArrayEquals(b("value-7" + "-".repeat(20)), db.get(b("key00007")));
      assertArrayEquals(b("value-407" + "-".repeat(20)), db.get(b("key00407")));
    }
  }
}
