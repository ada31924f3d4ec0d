package io.sediment.lsm.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sediment.fs.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log encoding is a format: it must not change by accident (see docs/format/wal.md). */
class LogGoldenTest {

  @TempDir Path dir;

  @Test
  void matchesGoldenFile() throws IOException {
    byte[] encoded;
    try (FileSystemView view = FileSystemView.open(dir.toUri().toString(), null)) {
      org.apache.hadoop.fs.Path p = view.resolve(LogWriter.fileName(42));
      try (LogWriter w = new LogWriter(view.create(p), 42)) {
        w.addRecord("first record".getBytes(StandardCharsets.UTF_8));
        w.addRecord(new byte[0]);
        w.addRecord(new byte[] {0, 1, 2, (byte) 0xFF});
        w.sync();
      }
      encoded = view.readAll(p);
    }
    if (Boolean.getBoolean("sediment.rewriteGolden")) {
      Path golden = Paths.get("src/test/resources/golden/wal-v1.log");
      Files.createDirectories(golden.getParent());
      Files.write(golden, encoded);
      return;
    }
    byte[] golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/wal-v1.log")) {
      assertNotNull(in, "golden file missing; generate it with -Dsediment.rewriteGolden=true");
      golden = in.readAllBytes();
    }
    assertArrayEquals(golden, encoded, "rerun with -Dsediment.rewriteGolden=true if intended");
    LogReader.Contents c = LogReader.read(golden, "golden");
    assertEquals(42, c.logNumber());
    assertEquals(3, c.records().size());
    assertArrayEquals("first record".getBytes(StandardCharsets.UTF_8), c.records().get(0));
  }
}
