package io.sediment.fuzz.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workload run in this process, without kills: what it reports matches what it leaves, and a
 * restored or reopened store continues it.
 */
class CrashWorkloadTest {

  private static final long SEED = 31;

  /** Engine defaults with a small memtable: between checkpoints, writes stay in the memtable. */
  private static final String CONFIG = "default";

  private Path dir;
  private String checkpoints;

  @BeforeEach
  void dirs() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    dir = Files.createTempDirectory(tmp, "crash-workload");
    checkpoints = dir.resolve("checkpoints").toUri().toString();
  }

  private String store(String name) {
    return dir.resolve(name).toUri().toString();
  }

  private static Progress run(WorkloadSpec spec) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CrashWorkload.run(spec, new ProgressReport(out)).close();
    Progress p = new Progress();
    for (String line : out.toString(StandardCharsets.US_ASCII).split("\n")) {
      p.accept(line);
    }
    assertTrue(p.idle());
    assertEquals(spec.limitOps(), p.ackedOps());
    return p;
  }

  /** Restores every retained checkpoint and compares it with the model; returns the newest. */
  private CheckpointHandle checkRetained(Progress p, int retain) throws Exception {
    try (CheckpointStorage cs = CheckpointStorage.open(checkpoints, new Configuration())) {
      List<Long> done = new ArrayList<>(p.checkpointsDone());
      assertTrue(done.size() > retain, "the run takes several checkpoints: " + done);
      assertEquals(done.subList(done.size() - retain, done.size()), cs.checkpoints());
      ExpectedStates expected = ExpectedStates.replay(SEED, p.checkpointsBegun().values());
      CheckpointHandle newest = null;
      for (long id : cs.checkpoints()) {
        newest = cs.load(id);
        String target = store("verify-" + id);
        try (Db db =
            Restore.open(
                newest, CrashConfigs.options(CrashConfigs.settings(CONFIG, false), target))) {
          long ops = p.checkpointsBegun().get(id);
          assertEquals(List.of(), StateCheck.differences(db, expected.after(ops), expected.keys()));
        }
      }
      return newest;
    }
  }

  @Test
  void checkpointsHoldTheReportedStateAlsoAcrossARestore() throws Exception {
    Progress first =
        run(
            new WorkloadSpec(
                store("a"),
                checkpoints,
                OpenMode.FRESH,
                -1,
                "",
                SEED,
                1,
                0,
                100,
                1,
                30,
                2,
                CrashConfigs.settings(CONFIG, false)));
    CheckpointHandle newest = checkRetained(first, 2);

    Path handle = dir.resolve("handle");
    Files.write(handle, newest.toBytes());
    long start = first.checkpointsBegun().get(newest.id());
    long nextId = newest.id() + 1;
    Progress second =
        run(
            new WorkloadSpec(
                store("b"),
                checkpoints,
                OpenMode.RESTORE,
                newest.id(),
                handle.toString(),
                SEED,
                2,
                start,
                start + 100,
                nextId,
                30,
                2,
                CrashConfigs.settings(CONFIG, false)));
    assertEquals(nextId, second.checkpointsBegun().keySet().iterator().next());
    checkRetained(second, 2);
  }

  @Test
  void aStoreWithTheLogKeepsEveryAcknowledgedWriteWhenAbandonedAndContinuesAfterReopening()
      throws Exception {
    String s = store("wal");
    WorkloadSpec spec =
        new WorkloadSpec(
            s,
            checkpoints,
            OpenMode.FRESH,
            -1,
            "",
            SEED,
            3,
            0,
            50,
            1,
            15,
            2,
            CrashConfigs.settings(CONFIG, true));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CrashWorkload.Opened opened = CrashWorkload.run(spec, new ProgressReport(out));
    StoreEngine.of(opened.db())
        .closeWithoutFlush(); // no flush: what is not in an SST is only in the log
    opened.storage().close();
    ExpectedStates expected = ExpectedStates.replay(SEED, List.of(50L));
    try (Db db = Db.open(CrashConfigs.options(CrashConfigs.settings(CONFIG, true), s))) {
      assertEquals(List.of(), StateCheck.differences(db, expected.after(50), expected.keys()));
    }
    Progress again =
        run(
            new WorkloadSpec(
                s,
                checkpoints,
                OpenMode.REOPEN,
                -1,
                "",
                SEED,
                4,
                50,
                100,
                100,
                15,
                2,
                CrashConfigs.settings(CONFIG, true)));
    assertFalse(again.checkpointsDone().isEmpty());
    checkRetained(again, 2);
  }
}
