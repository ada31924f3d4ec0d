package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** checkpoint-info on a checkpoint of a rescaled store: key groups and clipped references. */
class CheckpointInfoRescaleTest {

  private static final int MAX_P = 8;
  private static final KeyGroupPrefix PREFIX = KeyGroupPrefix.forMaxParallelism(MAX_P);

  @TempDir Path tmp;

  private DbOptions options(String name, KeyGroupRange range) {
    return DbOptions.builder(tmp.resolve(name).toUri().toString()).keyGroups(range, MAX_P).build();
  }

  @Test
  void printsTheKeyGroupsAndEachClip() throws Exception {
    String root = tmp.resolve("checkpoints").toUri().toString();
    try (CheckpointStorage storage = CheckpointStorage.open(root, new Configuration())) {
      CheckpointHandle whole;
      try (Db db = Db.open(options("whole", KeyGroupRange.all(MAX_P)))) {
        for (int g = 0; g < MAX_P; g++) {
          db.put(PREFIX.prepend(g, bytes("k")), bytes("v" + g));
        }
        whole = storage.checkpoint(db, 1);
      }
      KeyGroupRange lower = KeyGroupRange.of(0, 3);
      try (Db half = Restore.open(List.of(whole), lower, options("half", lower))) {
        storage.checkpoint(half, 2);
      }
    }
    ToolRun r = ToolRun.of("checkpoint-info", "--id", "2", tmp.resolve("checkpoints").toString());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().contains("key groups         [0, 3] of maxParallelism 8"), r.out());
    assertTrue(
        r.out().contains("clip    ['\\x00', '\\x04'): only this part of the file is read"),
        r.out());
    ToolRun first =
        ToolRun.of("checkpoint-info", "--id", "1", tmp.resolve("checkpoints").toString());
    assertTrue(first.out().contains("key groups         [0, 7] of maxParallelism 8"), first.out());
    assertTrue(!first.out().contains("clip "), first.out());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
