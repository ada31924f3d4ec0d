package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void helpPrintsEveryCommandAndSucceeds() {
    for (String help : new String[] {"help", "-h", "--help"}) {
      ToolRun r = ToolRun.of(help);
      assertEquals(Main.OK, r.code(), r.toString());
      for (String command :
          new String[] {
            "usage: sediment",
            "demo [-Dkey=value ...] [URI]",
            "bench <workload>",
            "sst-dump [--entries]",
            "manifest-dump <dir>",
            "checkpoint-info [--files] <root>",
            "checkpoint-info --id N <root>",
            "verify <dir>",
            "verify --checkpoint [--id N]"
          }) {
        assertTrue(r.out().contains(command), command + " in\n" + r);
      }
      assertEquals("", r.err());
    }
  }

  @Test
  void noCommandIsAUsageError() {
    ToolRun r = ToolRun.of();
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("no command"), r.err());
    assertTrue(r.err().contains("usage: sediment"), r.err());
  }

  @Test
  void unknownCommandIsNamed() {
    ToolRun r = ToolRun.of("frobnicate");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("'frobnicate'"), r.err());
    ToolRun helpArgs = ToolRun.of("help", "me");
    assertEquals(Main.USAGE, helpArgs.code());
  }

  @Test
  void aCommandsUsageErrorPrintsThatCommandsUsage() {
    ToolRun r = ToolRun.of("verify");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("sediment verify: verify takes one store directory"), r.err());
    assertTrue(r.err().contains("verify <dir>"), r.err());
  }
}
