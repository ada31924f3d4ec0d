package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path tmp;

  @Test
  void badArgumentsAreUsageErrors() {
    ToolRun extra = ToolRun.of("demo", "file:///tmp/a", "file:///tmp/b");
    assertEquals(Main.USAGE, extra.code());
    assertTrue(extra.err().contains("at most one URI"), extra.err());
    ToolRun malformed = ToolRun.of("demo", "hdfs://bad host/x");
    assertEquals(Main.USAGE, malformed.code());
    assertTrue(malformed.err().contains("'hdfs://bad host/x'"), malformed.err());
    ToolRun opaque = ToolRun.of("demo", "file:relative");
    assertEquals(Main.USAGE, opaque.code());
    assertTrue(opaque.err().contains("'file:relative'"), opaque.err());
    ToolRun badOption = ToolRun.of("demo", "-Dnovalue");
    assertEquals(Main.USAGE, badOption.code());
    assertTrue(badOption.err().contains("'-Dnovalue'"), badOption.err());
    ToolRun unknownOption = ToolRun.of("demo", "--fast");
    assertEquals(Main.USAGE, unknownOption.code());
    assertTrue(unknownOption.err().contains("'--fast'"), unknownOption.err());
  }

  @Test
  void failuresNameTheUriOrKey() {
    ToolRun unreachable = ToolRun.of("demo", "nosuch://host/demo");
    assertEquals(Main.FAILED, unreachable.code());
    assertTrue(unreachable.err().contains("nosuch://host/demo"), unreachable.err());
    // A bad value is only found when the file system is opened: a failure naming the key.
    ToolRun badLatency =
        ToolRun.of(
            "demo", "-Dsediment.fs.latency.default=soon", "latency+" + tmp.resolve("x").toUri());
    assertEquals(Main.FAILED, badLatency.code());
    assertTrue(badLatency.err().contains("sediment.fs.latency.default"), badLatency.err());
  }

  @Test
  void refusesANonEmptyDirectoryItWasGiven() throws Exception {
    Files.writeString(tmp.resolve("precious.txt"), "keep me");
    ToolRun r = ToolRun.of("demo", tmp.toUri().toString());
    assertEquals(Main.FAILED, r.code());
    assertTrue(r.err().contains("not empty"), r.err());
    assertTrue(Files.exists(tmp.resolve("precious.txt")));
  }

  @Test
  void runsEndToEndOnALocalDirectory() throws Exception {
    Path dir = tmp.resolve("demo");
    ToolRun r = ToolRun.of("demo", dir.toUri().toString());
    assertEquals(Main.OK, r.code(), r.toString());
    String out = r.out();
    // The file-system section.
    assertTrue(out.contains("v1 created, v2 created, v2 again already existed"), out);
    assertTrue(out.contains("release pin: DELETED, on disk now: false"), out);
    assertTrue(out.contains("file-system cost:"), out);
    assertFalse(Files.exists(dir.resolve("fs/000001.sst")));
    assertTrue(Files.exists(dir.resolve("fs/checkpoint-7/000010.sst")));
    // The store section: every read step checked what it read.
    assertTrue(out.contains("110 updates: 100 overwrites, 10 deletes"), out);
    assertTrue(out.contains("each counter is 100"), out);
    assertTrue(out.contains("100 keys across the range deletion's start: 50 found"), out);
    assertTrue(
        out.contains(StoreDemo.expectedLiveKeys() + " keys in order, values as written"), out);
    assertTrue(out.contains("close and reopen"), out);
    assertTrue(out.contains("write amplification"), out);
    assertTrue(out.contains(" ms"), out);
    // The checkpoint section: each claim below was checked by the demo before it printed it.
    assertTrue(out.contains("referenced, sequence " + CheckpointDemo.KEYS), out);
    assertTrue(out.contains("no SST byte copied"), out);
    assertTrue(out.contains("shared with checkpoint 1"), out);
    assertTrue(out.contains("restore-1/ holds only metadata"), out);
    assertTrue(
        out.contains(CheckpointDemo.KEYS + " keys, exactly the state at checkpoint 1: none of the"),
        out);
    assertTrue(out.contains("deleted none: "), out);
    assertTrue(out.contains("are held by the open restore-1/"), out);
    assertTrue(out.contains("inherited files stay: it does not own them"), out);
    assertTrue(out.contains("none is retained now"), out);
    assertTrue(out.contains("shared with checkpoint 3"), out);
    assertTrue(out.trim().endsWith("done"), out);
    // What it left are a healthy store and a healthy checkpoint root with two checkpoints.
    ToolRun verify = ToolRun.of("verify", dir.resolve("db").toString());
    assertEquals(Main.OK, verify.code(), verify.toString());
    ToolRun info = ToolRun.of("checkpoint-info", dir.resolve("checkpoints").toString());
    assertEquals(Main.OK, info.code(), info.toString());
    assertTrue(info.out().contains("retained           2 checkpoints"), info.out());
    ToolRun checkpoints =
        ToolRun.of("verify", "--checkpoint", dir.resolve("checkpoints").toString());
    assertEquals(Main.OK, checkpoints.code(), checkpoints.toString());
    assertTrue(checkpoints.out().startsWith("ok: 2 checkpoints"), checkpoints.out());
  }

  @Test
  void runsUnderTheLatencyWrapperConfiguredWithDefines() {
    Path dir = tmp.resolve("slow");
    ToolRun r = ToolRun.of("demo", "-Dsediment.fs.latency.default=20us", "latency+" + dir.toUri());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().contains("release pin: DELETED"), r.out());
    assertTrue(r.out().contains("shared with checkpoint 3"), r.out());
    assertTrue(Files.exists(dir.resolve("db")));
    assertTrue(Files.exists(dir.resolve("checkpoints")));
  }
}
