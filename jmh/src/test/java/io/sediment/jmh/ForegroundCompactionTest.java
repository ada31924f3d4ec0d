package io.sediment.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foreground-under-compaction harness on a tiny store, in both modes: the remote mode starts a
 * real worker JVM that runs the store's compactions, and the table has a row per mode.
 */
class ForegroundCompactionTest {

  @TempDir Path dir;

  @Test
  void bothModesRunAndTheWorkerDoesTheRemoteJobs() throws Exception {
    ForegroundCompaction.Settings s =
        ForegroundCompaction.Settings.parse(
            new String[] {
              "--keys",
              "4000",
              "--ops",
              "20000",
              "--memtable-bytes",
              "32768",
              "--worker-threads",
              "1",
              "--modes",
              "local,remote",
              "--dir",
              dir.toString()
            });
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<ForegroundCompaction.Row> rows =
        ForegroundCompaction.run(s, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertEquals(2, rows.size());
    for (ForegroundCompaction.Row r : rows) {
      assertEquals(20000, r.ops());
      assertTrue(r.p50Nanos() <= r.p99Nanos() && r.p99Nanos() <= r.maxNanos(), r.toString());
      assertTrue(r.jobsStarted() > 0, "compactions ran under the overwrites: " + r);
      assertTrue(r.jobs() <= r.jobsStarted(), r.toString());
    }
    assertTrue(rows.get(0).bytesMoved() > 0, rows.get(0).toString());
    assertEquals("remote", rows.get(1).mode());
    String table = ForegroundCompaction.table(s, rows);
    assertTrue(table.contains("| local | no |"), table);
    assertTrue(table.contains("| remote | no |"), table);
  }

  @Test
  void badArgumentsAreRefusedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ForegroundCompaction.Settings.parse(
                    new String[] {"--modes", "local,elsewhere", "--dir", dir.toString()}));
    assertTrue(e.getMessage().contains("elsewhere"), e.getMessage());
  }
}
