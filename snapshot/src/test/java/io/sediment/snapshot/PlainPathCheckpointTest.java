package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint roots and stores given as plain local paths, without a scheme. */
class PlainPathCheckpointTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void checkpointAndRestoreThroughPlainPaths() throws IOException {
    String store = dir.resolve("store").toString();
    String root = dir.resolve("checkpoints").toString();
    String restored = dir.resolve("restored").toString();
    CheckpointHandle h;
    try (Db db = Db.open(DbOptions.builder(store).build());
        CheckpointStorage cs = CheckpointStorage.open(root, new Configuration())) {
      db.put(b("k"), b("v"));
      h = cs.checkpoint(db, 1);
      assertEquals("file", java.net.URI.create(h.storageUri()).getScheme(), h.storageUri());
    }
    assertTrue(Files.isDirectory(dir.resolve("checkpoints")), "the root is where the path says");
    try (CheckpointStorage cs =
        CheckpointStorage.open(
            dir.resolve("checkpoints").toUri().toString(), new Configuration())) {
      assertEquals(List.of(1L), cs.checkpoints(), "the same root through its file: URI");
      assertEquals(h, cs.load(1));
    }
    try (Db db = Restore.open(h, DbOptions.builder(restored).build())) {
      assertArrayEquals(b("v"), db.get(b("k")));
    }
  }

  @Test
  void aRelativeRootResolvesAgainstTheWorkingDirectory() throws IOException {
    String relative = "target/plain-path-checkpoints-" + System.nanoTime();
    try (CheckpointStorage cs = CheckpointStorage.open(relative, new Configuration())) {
      assertEquals(List.of(), cs.checkpoints());
    }
    assertTrue(Files.isDirectory(Paths.get(relative).toAbsolutePath()));
  }
}
