package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sst-dump, manifest-dump and verify on a real small store. */
class InspectCommandsTest {

  @TempDir Path tmp;
  private Path store;

  /** 2000 keys over two flushes (one with a deletion and a range deletion), then a reopen. */
  @BeforeEach
  void writeStore() throws Exception {
    store = tmp.resolve("store");
    DbOptions options = DbOptions.builder(store.toUri().toString()).build();
    try (Db db = Db.open(options)) {
      for (int i = 0; i < 1000; i++) {
        db.put(key(i), ("value-" + i).getBytes(StandardCharsets.US_ASCII));
      }
      db.flush();
      for (int i = 1000; i < 2000; i++) {
        db.put(key(i), ("value-" + i).getBytes(StandardCharsets.US_ASCII));
      }
      db.delete(key(5));
      db.deleteRange(key(100), key(200));
      db.flush();
    }
  }

  private static byte[] key(int i) {
    return String.format("k%05d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private List<Path> ssts() throws Exception {
    try (Stream<Path> files = Files.list(store)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".sst")).sorted().toList();
    }
  }

  @Test
  void manifestDumpListsLevelsFilesAndSequences() throws Exception {
    ToolRun r = ToolRun.of("manifest-dump", store.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().contains("manifest          MANIFEST-"), r.out());
    assertTrue(r.out().contains("last sequence     2002"), r.out());
    assertTrue(r.out().contains("level 0: 2 files"), r.out());
    for (Path sst : ssts()) {
      assertTrue(r.out().contains(sst.getFileName().toString()), sst + " in\n" + r.out());
    }
    assertTrue(r.out().contains("'k00000' @1 PUT"), r.out());
  }

  @Test
  void sstDumpPrintsPropertiesAndOptionallyEntries() throws Exception {
    Path second = ssts().get(1);
    ToolRun r = ToolRun.of("sst-dump", second.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(
        r.out().contains("entries            1001 (1 deletions, 0 merges), 1 range"), r.out());
    assertTrue(r.out().contains("data blocks"), r.out());
    assertTrue(r.out().contains("range deletion"), r.out());
    assertFalse(r.out().contains("=> 'value-1500'"), r.out());

    ToolRun entries = ToolRun.of("sst-dump", "--entries", second.toUri().toString());
    assertEquals(Main.OK, entries.code(), entries.toString());
    assertTrue(entries.out().contains("'k01500' @1501 PUT => 'value-1500'"), entries.out());
    assertTrue(entries.out().contains("'k00005' @2001 DELETE"), entries.out());

    ToolRun limited = ToolRun.of("sst-dump", "--entries", "--limit", "3", second.toString());
    assertEquals(Main.OK, limited.code(), limited.toString());
    assertTrue(limited.out().contains("... 998 more"), limited.out());
  }

  @Test
  void verifyPassesOnAHealthyStore() {
    ToolRun r = ToolRun.of("verify", store.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().startsWith("ok: 2 live files"), r.out());
  }

  @Test
  void verifyDetectsAFlippedByte() throws Exception {
    Path victim = ssts().get(0);
    try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
      f.seek(100); // inside the first data block
      int b = f.read();
      f.seek(100);
      f.write(b ^ 0x01);
    }
    ToolRun r = ToolRun.of("verify", store.toString());
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertTrue(r.err().contains("corruption in "), r.err());
    assertFalse(r.err().contains("corruption: corruption"), "said once: " + r.err());
    assertTrue(r.err().contains(victim.getFileName().toString()), r.err());
  }

  @Test
  void verifyDetectsATruncatedFile() throws Exception {
    Path victim = ssts().get(1);
    try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
      f.setLength(f.length() - 1);
    }
    ToolRun r = ToolRun.of("verify", store.toUri().toString());
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertTrue(r.err().contains(victim.getFileName().toString()), r.err());
    assertTrue(r.err().contains("the manifest records"), r.err());
  }

  @Test
  void argumentErrorsAndMissingFiles() throws Exception {
    assertEquals(Main.USAGE, ToolRun.of("sst-dump").code());
    assertEquals(Main.USAGE, ToolRun.of("sst-dump", "a.sst", "b.sst").code());
    assertEquals(Main.USAGE, ToolRun.of("sst-dump", "--limit", "x", "a.sst").code());
    assertEquals(Main.USAGE, ToolRun.of("manifest-dump").code());
    assertEquals(Main.USAGE, ToolRun.of("verify", "--deep", store.toString()).code());

    Path missing = tmp.resolve("nothing-here");
    ToolRun noDir = ToolRun.of("verify", missing.toString());
    assertEquals(Main.FAILED, noDir.code(), noDir.toString());
    assertTrue(noDir.err().contains("nothing-here"), noDir.err());
    assertFalse(Files.exists(missing), "verify must not create the directory");

    Path empty = Files.createDirectory(tmp.resolve("empty"));
    ToolRun noManifest = ToolRun.of("manifest-dump", empty.toString());
    assertEquals(Main.FAILED, noManifest.code(), noManifest.toString());
    assertTrue(noManifest.err().contains("no complete manifest"), noManifest.err());

    Path notSst = Files.writeString(tmp.resolve("000001.sst"), "not an sst at all");
    ToolRun garbage = ToolRun.of("sst-dump", notSst.toString());
    assertEquals(Main.FAILED, garbage.code(), garbage.toString());
    assertTrue(garbage.err().contains("000001.sst"), garbage.err());

    ToolRun notADir = ToolRun.of("verify", notSst.toString());
    assertEquals(Main.FAILED, notADir.code(), notADir.toString());
    assertTrue(notADir.err().contains("not a directory"), notADir.err());
  }
}
