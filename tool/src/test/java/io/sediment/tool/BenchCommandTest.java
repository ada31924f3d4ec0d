package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.DbSettings;
import io.sediment.workloads.Workload;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @TempDir Path tmp;

  private ToolRun bench(String workload, String... extra) {
    String[] args = new String[extra.length + 6];
    args[0] = "bench";
    args[1] = workload;
    args[2] = "--fs";
    args[3] = tmp.resolve(workload).toUri().toString();
    args[4] = "--keys";
    args[5] = "3000";
    System.arraycopy(extra, 0, args, 6, extra.length);
    return ToolRun.of(args);
  }

  @Test
  void badArgumentsAreUsageErrors() {
    String[][] cases = {
      {"bench"},
      {"bench", "fillsideways"},
      {"bench", "fillseq", "--keys"},
      {"bench", "fillseq", "--keys", "many"},
      {"bench", "fillseq", "--keys", "0"},
      {"bench", "fillseq", "--key-size", "4"},
      {"bench", "fillseq", "--threads", "-1"},
      {"bench", "fillseq", "--speed", "9"},
      {"bench", "fillseq", "readrandom"},
      {"bench", "fillseq", "--settings", "memtableBytes=lots"},
      {"bench", "fillseq", "--settings", "wal=true"},
    };
    String[] named = {
      "one workload",
      "'fillsideways'",
      "needs a value",
      "'many'",
      "got 0",
      "got 4",
      "got -1",
      "'--speed'",
      "one workload",
      "setting memtableBytes: cannot read 'lots'",
      "unknown setting 'wal'"
    };
    for (int i = 0; i < cases.length; i++) {
      ToolRun r = ToolRun.of(cases[i]);
      assertEquals(Main.USAGE, r.code(), r.toString());
      assertTrue(r.err().contains(named[i]), named[i] + " in\n" + r);
      assertTrue(r.err().contains("bench <workload>"), r.err());
    }
  }

  @Test
  void theRunPrintsTheSettingsItUsed() {
    ToolRun r = bench("fillrandom", "--settings", "memtableBytes=65536,blockSize=1024");
    assertEquals(Main.OK, r.code(), r.toString());
    String expected =
        DbSettings.parse("compression=LZ4,memtableBytes=65536,blockSize=1024").toString();
    assertTrue(r.out().contains("\nsettings " + expected + "\n"), r.out());
  }

  @Test
  void everyWorkloadRunsAndPrintsItsSummary() {
    for (Workload w : Workload.values()) {
      ToolRun r = bench(w.commandName(), "--threads", "2", "--value-size", "64");
      assertEquals(Main.OK, r.code(), r.toString());
      String expectedOps = w == Workload.SEEKRANDOM ? "300" : "3000";
      assertTrue(
          r.out().matches("(?s).*\\n" + w.commandName() + " +" + expectedOps + " .*"),
          r.toString());
      assertTrue(r.out().contains("write-amp"), r.out());
      assertTrue(r.out().contains("p99"), r.out());
      // Nothing was drawn: the error stream is not a terminal.
      assertEquals("", r.err());
      if (w == Workload.READRANDOM || w == Workload.READWHILEWRITING) {
        assertTrue(r.out().contains("found 3000 of 3000 keys read"), r.out());
      }
      if (w == Workload.SEEKRANDOM) {
        assertTrue(r.out().contains("entries scanned in 300 seeks"), r.out());
      }
    }
  }

  @Test
  void fillWorkloadsFlushAtTheEndSoWriteAmplificationCountsTheirData() {
    for (String fill : new String[] {"fillseq", "fillrandom"}) {
      ToolRun r = bench(fill, "--value-size", "64");
      assertEquals(Main.OK, r.code(), r.toString());
      java.util.regex.Matcher row =
          java.util.regex.Pattern.compile("(?m)^" + fill + " +3000 .* ([0-9]+\\.[0-9]{2})$")
              .matcher(r.out());
      assertTrue(row.find(), r.out());
      double writeAmp = Double.parseDouble(row.group(1));
      assertTrue(writeAmp > 0, fill + " wrote files: " + r.out());
      assertTrue(r.out().contains("then flushed the memtable in "), r.out());
      assertTrue(
          r.out().contains("flushes 1,") || r.out().matches("(?s).*flushes [1-9].*"), r.out());
      assertTrue(r.out().contains("below 1.00 when compression"), r.out());
    }
    ToolRun read = bench("readrandom");
    assertTrue(!read.out().contains("then flushed the memtable"), "a read workload: " + read.out());
  }

  @Test
  void runsOnTheLatencyWrapper() {
    ToolRun r = bench("readrandom", "--latency-ms", "1", "--keys", "200");
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().contains("latency+file:"), r.out());
    assertTrue(r.out().contains("+1 ms per file-system operation"), r.out());
    assertTrue(r.out().contains("found 200 of 200"), r.out());
  }
}
