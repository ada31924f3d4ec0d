package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose files were handed to a checkpoint keeps them however it is reopened and while it is
 * closed: discarding the checkpoint and collecting garbage never deletes a file the store's
 * manifest lists. Deleting the store's directory abandons it, and its files then go.
 */
class DiscardKeepsStoreFilesTest {

  private static final int KEYS = 400;

  @TempDir Path dir;

  private DbOptions options(String name) {
    return DbOptions.builder(dir.resolve(name).toUri().toString()).memtableBytes(16 * 1024).build();
  }

  private CheckpointStorage storage() throws IOException {
    return CheckpointStorage.open(
        dir.resolve("checkpoints").toUri().toString(), new Configuration());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Db db, String version) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      db.put(b(String.format("key%04d", i)), b(version + "-" + i));
    }
  }

  /** Every key reads {@code version}, by point reads and by a full scan. */
  private static void assertVersion(Db db, String version) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      byte[] v = db.get(b(String.format("key%04d", i)));
      assertEquals(version + "-" + i, v == null ? null : new String(v, StandardCharsets.UTF_8));
    }
    int n = 0;
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    assertEquals(KEYS, n);
  }

  @Test
  void plainReopenThenDiscardAndCollectKeepsEveryWrite() throws IOException {
    try (CheckpointStorage storage = storage()) {
      try (Db db = Db.open(options("store"))) {
        write(db, "v1");
        storage.checkpoint(db, 1);
      }
      try (Db reopened = Db.open(options("store"))) {
        storage.discard(1);
        storage.collectGarbage();
        assertVersion(reopened, "v1");
      }
      try (Db again = Db.open(options("store"))) {
        assertVersion(again, "v1");
      }
    }
  }

  @Test
  void anIteratorOfAPlainlyReopenedStoreKeepsTheFilesItPins() throws IOException {
    try (CheckpointStorage storage = storage()) {
      CheckpointHandle h;
      try (Db db = Db.open(options("store"))) {
        write(db, "v1");
        h = storage.checkpoint(db, 1);
      }
      try (Db reopened = Db.open(options("store"));
          DbIterator pinned = reopened.newIterator()) {
        write(reopened, "v2");
        reopened.compactRange(null, null); // the current version no longer lists v1's files
        storage.discard(1);
        storage.collectGarbage();
        for (String p : h.physicalPaths()) {
          // Checked on disk: a local file stays readable through a stream opened before its
          // deletion, a file on HDFS or S3 does not.
          assertTrue(Files.exists(Path.of(URI.create(p))), p + " is pinned by the open iterator");
        }
        int n = 0;
        for (pinned.seekToFirst(); pinned.isValid(); pinned.next()) {
          assertEquals("v1-" + n, new String(pinned.value(), StandardCharsets.UTF_8));
          n++;
        }
        assertEquals(KEYS, n, "the iterator still reads every file it pins");
        assertVersion(reopened, "v2");
      }
    }
  }

  @Test
  void discardAndCollectWhileTheStoreIsClosedKeepEveryWrite() throws IOException {
    try (CheckpointStorage storage = storage()) {
      try (Db db = Db.open(options("store"))) {
        write(db, "v1");
        storage.checkpoint(db, 1);
        write(db, "v2");
        storage.checkpoint(db, 2);
      }
      storage.discard(1);
      storage.discard(2);
      assertEquals(0, storage.collectGarbage(), "every checkpointed file is still the store's");
      try (Db reopened = Db.open(options("store"))) {
        assertVersion(reopened, "v2");
      }
    }
  }

  @Test
  void filesTheStoreNoLongerListsGoAndAbandonedStoresLoseTheirRecord() throws IOException {
    CheckpointHandle first;
    try (CheckpointStorage storage = storage()) {
      try (Db db = Db.open(options("store"))) {
        write(db, "v1");
        first = storage.checkpoint(db, 1);
        write(db, "v2");
        db.compactRange(null, null); // the store's version drops the files of checkpoint 1
        storage.checkpoint(db, 2);
      }
      storage.discard(1);
      for (String p : first.physicalPaths()) {
        assertFalse(Files.exists(Path.of(URI.create(p))), p + " was only checkpoint 1's");
      }
      assertEquals(1, storage.recordedStores().size());
      deleteManifests(dir.resolve("store")); // no store is there any more: it is abandoned
      storage.discard(2);
      assertTrue(storage.recordedStores().isEmpty(), "the deleted store is abandoned");
      assertTrue(storage.referencedFiles().isEmpty());
      assertTrue(storage.pendingFiles().isEmpty());
    }
  }

  @Test
  void aClosedRestoredStoreKeepsTheCheckpointFilesItLists() throws IOException {
    try (CheckpointStorage storage = storage()) {
      CheckpointHandle h;
      try (Db db = Db.open(options("store"))) {
        write(db, "v1");
        h = storage.checkpoint(db, 1);
        write(db, "v2");
        db.compactRange(null, null); // the store no longer lists checkpoint 1's files
      }
      try (Db restored = Restore.open(h, options("restored"))) {
        assertVersion(restored, "v1");
      }
      storage.discard(1); // only the closed restored store's lease keeps the files now
      storage.collectGarbage();
      for (String p : h.physicalPaths()) {
        assertTrue(Files.exists(Path.of(URI.create(p))), p + " is listed by the restored store");
      }
      try (Db reopened = Db.open(options("restored"))) {
        assertVersion(reopened, "v1");
      }
    }
  }

  private static void deleteManifests(Path store) throws IOException {
    try (Stream<Path> paths = Files.list(store)) {
      for (Path p :
          paths.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).toList()) {
        Files.delete(p);
      }
    }
  }
}
