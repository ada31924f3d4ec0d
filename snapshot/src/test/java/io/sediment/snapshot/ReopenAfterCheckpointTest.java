package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.spi.PinnedVersion;
import io.sediment.lsm.spi.StoreEngine;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a store deletes the files a crash left in its directory (see docs/architecture.md), but
 * never the files its checkpoints or a store restored from them still need: a store that compacted
 * away files it had handed to a checkpoint keeps them on disk across reopening, and a restored
 * store leaves the checkpoint's files alone.
 */
class ReopenAfterCheckpointTest {

  @TempDir Path dir;

  private DbOptions options(String name) {
    return DbOptions.builder(dir.resolve(name).toUri().toString())
        .memtableBytes(16 * 1024)
        .targetFileSizeBytes(8 * 1024)
        .l0CompactionTrigger(2)
        .build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Db db, String version) throws IOException {
    for (int i = 0; i < 500; i++) {
      db.put(b(String.format("key%04d", i)), b(version + "-" + i));
    }
    db.flush();
  }

  private static void assertVersion(Db db, String version) throws IOException {
    for (int i = 0; i < 500; i += 7) {
      byte[] v = db.get(b(String.format("key%04d", i)));
      assertEquals(version + "-" + i, new String(v, StandardCharsets.UTF_8));
    }
  }

  private static void assertAllExist(CheckpointHandle h) {
    for (String p : h.physicalPaths()) {
      assertTrue(Files.exists(Path.of(URI.create(p))), p + " is needed by checkpoint " + h.id());
    }
  }

  private Set<String> sstNames(String name) throws IOException {
    Set<String> names = new HashSet<>();
    try (Stream<Path> files = Files.list(dir.resolve(name))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sst"))
          .forEach(names::add);
    }
    return names;
  }

  @Test
  void checkpointedFilesSurviveReopeningTheStoreAndTheRestoredStore() throws IOException {
    CheckpointHandle h;
    try (CheckpointStorage storage =
            CheckpointStorage.open(
                dir.resolve("checkpoints").toUri().toString(), new Configuration());
        Db db = Db.open(options("store"))) {
      write(db, "v1");
      write(db, "v1"); // two flushes: level 0 compacts into the last level
      StoreEngine.of(db).waitForCompactions();
      h = storage.checkpoint(db, 1);
      write(db, "v2");
      db.compactRange(null, null); // the checkpointed files leave the store's version
      Set<String> live = new HashSet<>();
      try (PinnedVersion current = StoreEngine.of(db).pinCurrentVersion()) {
        current.files().forEach(f -> live.add(f.logicalName()));
      }
      for (String p : h.physicalPaths()) {
        assertFalse(live.contains(Path.of(URI.create(p)).getFileName().toString()));
      }
    }
    assertAllExist(h);
    try (Db reopened = Db.open(options("store"))) {
      assertVersion(reopened, "v2");
    }
    assertAllExist(h);
    try (Db restored = Restore.open(h, options("restored"))) {
      assertVersion(restored, "v1");
      write(restored, "v3");
      restored.compactRange(null, null);
    }
    Set<String> restoredOwn = sstNames("restored");
    try (Db again = Db.open(options("restored"))) {
      assertVersion(again, "v3");
    }
    assertAllExist(h);
    assertEquals(restoredOwn, sstNames("restored"), "a cleanly closed store has no orphans");
  }
}
