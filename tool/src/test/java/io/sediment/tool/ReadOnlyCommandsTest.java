package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.MiniDfs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-only commands on a path that does not exist: an error naming it, and nothing created,
 * neither the path nor its parent, on a local disk and on HDFS.
 */
class ReadOnlyCommandsTest {

  @RegisterExtension static final MiniDfs DFS = new MiniDfs();

  @TempDir Path tmp;

  private static final List<List<String>> COMMANDS =
      List.of(
          List.of("verify"),
          List.of("sst-dump"),
          List.of("manifest-dump"),
          List.of("checkpoint-info"),
          List.of("verify", "--checkpoint"));

  private static ToolRun run(List<String> command, String target) {
    String[] args = new String[command.size() + 1];
    for (int i = 0; i < command.size(); i++) {
      args[i] = command.get(i);
    }
    args[command.size()] = target;
    return ToolRun.of(args);
  }

  @Test
  void aMissingLocalPathIsNamedAndNothingIsCreated() {
    for (List<String> command : COMMANDS) {
      Path parent = tmp.resolve("missing-parent-" + command.size() + command.get(0));
      Path target = parent.resolve("store");
      for (String form : List.of(target.toString(), target.toUri().toString())) {
        ToolRun r = run(command, form);
        assertEquals(Main.FAILED, r.code(), command + " " + form + ": " + r);
        assertTrue(r.err().contains("does not exist"), r.toString());
        assertTrue(r.err().contains("missing-parent"), r.toString());
        assertFalse(Files.exists(parent), command + " created " + parent);
      }
    }
  }

  @Test
  void aMissingHdfsPathIsNamedAndNothingIsCreated() throws Exception {
    FileSystem fs = FileSystem.get(DFS.uri(), DFS.configuration());
    URI base = DFS.freshDir("readonly");
    fs.mkdirs(new org.apache.hadoop.fs.Path(base));
    for (List<String> command : COMMANDS) {
      URI parent = URI.create(base + "/missing-" + command.size() + command.get(0));
      URI target = URI.create(parent + "/store");
      ToolRun r = run(command, target.toString());
      assertEquals(Main.FAILED, r.code(), command + ": " + r);
      assertTrue(r.err().contains("does not exist"), r.toString());
      assertTrue(r.err().contains(parent.getPath()), r.toString());
      assertFalse(fs.exists(new org.apache.hadoop.fs.Path(parent)), command + " created " + parent);
    }
  }
}
