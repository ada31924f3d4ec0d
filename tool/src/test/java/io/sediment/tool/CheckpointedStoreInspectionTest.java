package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify and manifest-dump on stores whose files were handed to a checkpoint (shared, still in the
 * store's directory) and on a store restored from one (files elsewhere, not owned).
 */
class CheckpointedStoreInspectionTest {

  @TempDir Path tmp;
  private Path store;
  private Path restored;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void checkpointAndRestore() throws Exception {
    store = tmp.resolve("store");
    restored = tmp.resolve("restored");
    try (CheckpointStorage cs =
            CheckpointStorage.open(tmp.resolve("chk").toUri().toString(), new Configuration());
        Db db = Db.open(DbOptions.builder(store.toUri().toString()).build())) {
      for (int i = 0; i < 100; i++) {
        db.put(b("k" + i), b("v" + i));
      }
      CheckpointHandle h = cs.checkpoint(db, 1);
      try (Db r = Restore.open(h, DbOptions.builder(restored.toUri().toString()).build())) {
        r.put(b("new"), b("1"));
      }
    }
  }

  @Test
  void verifyChecksAStoreWhoseFilesWereCheckpointed() {
    ToolRun r = ToolRun.of("verify", store.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().startsWith("ok: 1 live files"), r.out());
  }

  @Test
  void verifyChecksARestoredStoreReadingFilesWhereTheyLive() {
    ToolRun r = ToolRun.of("verify", restored.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().startsWith("ok: 2 live files"), r.out());
  }

  @Test
  void manifestDumpShowsWhereEachFileLivesAndWhoOwnsIt() {
    ToolRun shared = ToolRun.of("manifest-dump", store.toString());
    assertEquals(Main.OK, shared.code(), shared.toString());
    assertFalse(shared.out().contains("->"), "shared files stay in the store's directory");
    assertTrue(shared.out().contains("(shared with checkpoints)"), shared.out());

    ToolRun linked = ToolRun.of("manifest-dump", restored.toString());
    assertEquals(Main.OK, linked.code(), linked.toString());
    String target = " -> " + store.toUri().toString().replace("file:///", "file:/");
    assertTrue(linked.out().contains(target), target + " in\n" + linked.out());
    assertTrue(linked.out().contains("(not owned)"), linked.out());
    for (String line : linked.out().split("\n")) {
      assertFalse(line.trim().endsWith("->") || line.contains("->  "), line);
    }
  }
}
