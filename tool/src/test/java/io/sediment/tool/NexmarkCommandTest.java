package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NexmarkCommandTest {

  @TempDir Path tmp;

  @Test
  void badArgumentsAreUsageErrors() {
    String[][] cases = {
      {"nexmark"},
      {"nexmark", "q6"},
      {"nexmark", "q1", "--mode", "remote"},
      {"nexmark", "q1", "--events", "0"},
      {"nexmark", "q1", "--parallelism", "x"},
      {"nexmark", "q1", "q2"},
    };
    String[] named = {"one query", "'q6'", "'remote'", "got 0", "'x'", "one query"};
    for (int i = 0; i < cases.length; i++) {
      ToolRun r = ToolRun.of(cases[i]);
      assertEquals(Main.USAGE, r.code(), r.toString());
      assertTrue(r.err().contains(named[i]), named[i] + " in\n" + r);
      assertTrue(r.err().contains("nexmark <query>"), r.err());
    }
  }

  @Test
  void aQueryRunPrintsRateStateSizeAndCheckpoints() throws Exception {
    Path dir = tmp.resolve("q5");
    ToolRun r =
        ToolRun.of(
            "nexmark",
            "q5",
            "--events",
            "3000",
            "--mode",
            "async-latency",
            "--tier-mb",
            "1",
            "--checkpoint-ms",
            "20",
            "--dir",
            dir.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().contains("events/s"), r.out());
    assertTrue(r.out().contains("state size"), r.out());
    assertTrue(r.out().contains("checkpoints"), r.out());
    assertTrue(r.out().contains("latency+file:"), r.out());
    assertTrue(Files.isDirectory(dir.resolve("run").resolve("out")), r.out());

    ToolRun again = ToolRun.of("nexmark", "q5", "--events", "10", "--dir", dir.toString());
    assertEquals(Main.FAILED, again.code(), again.toString());
    assertTrue(again.err().contains("not empty"), again.toString());
  }
}
