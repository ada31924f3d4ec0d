package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static io.sediment.lsm.DbBasicTest.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.wrap.FaultInjectingFileSystem;
import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.WrapperSchemes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash recovery through the write-ahead log, corruption detection, and reopen checks. */
class DbRecoveryTest {

  @TempDir Path dir;

  private DbOptions.Builder options() {
    return DbOptions.builder(dir.toUri().toString()).blockSize(256).blockCacheBytes(0);
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void acknowledgedWritesSurviveACrashThroughTheLog() throws IOException {
    DbOptions options = options().walEnabled(true).mergeFunction(new ConcatMerge()).build();
    Db db = Db.open(options);
    for (int i = 0; i < 200; i++) {
      db.put(b("k" + i), b("v" + i));
    }
    db.delete(b("k5"));
    db.deleteRange(b("k10"), b("k19"));
    db.merge(b("k7"), b("x"));
    db.write(new WriteBatch().put(b("batch1"), b("1")).put(b("batch2"), b("2")));
    assertEquals(0, db.stats().fileCount(), "nothing flushed: recovery must come from the log");
    db.internal().close(false);

    // A torn record at the tail: a write that was never acknowledged.
    Path log = files(".log").get(files(".log").size() - 1);
    Files.write(log, new byte[] {0, 0, 0, 50, 1, 2, 3}, StandardOpenOption.APPEND);

    try (Db reopened = Db.open(options)) {
      assertEquals("v0", s(reopened.get(b("k0"))));
      assertEquals("v199", s(reopened.get(b("k199"))));
      assertNull(reopened.get(b("k5")));
      assertNull(reopened.get(b("k12")));
      assertEquals("v19", s(reopened.get(b("k19"))));
      assertEquals("v7|x", s(reopened.get(b("k7"))));
      assertEquals("2", s(reopened.get(b("batch2"))));
      reopened.put(b("after"), b("crash"));
      assertEquals(List.of(), files(".log").stream().filter(p -> p.equals(log)).toList());
    }
    try (Db again = Db.open(options)) {
      assertEquals("crash", s(again.get(b("after"))));
      assertEquals("v1", s(again.get(b("k1"))));
    }
  }

  @Test
  void withoutTheLogOnlyFlushedWritesSurviveACrash() throws IOException {
    Db db = Db.open(options().build());
    db.put(b("flushed"), b("1"));
    db.flush();
    db.put(b("lost"), b("2"));
    db.internal().close(false);
    try (Db reopened = Db.open(options().build())) {
      assertEquals("1", s(reopened.get(b("flushed"))));
      assertNull(reopened.get(b("lost")));
      reopened.put(b("next"), b("3"));
    }
  }

  @Test
  void aFlippedByteInAnSstIsReportedNeverAnswered() throws IOException {
    try (Db db = Db.open(options().compression(Compression.NONE).build())) {
      for (int i = 0; i < 100; i++) {
        db.put(b(String.format("key%03d", i)), b("value-" + i));
      }
    }
    Path sst = files(".sst").get(0);
    byte[] bytes = Files.readAllBytes(sst);
    bytes[20] ^= 0x01;
    Files.write(sst, bytes);
    try (Db db = Db.open(options().build())) {
      int corrupt = 0;
      for (int i = 0; i < 100; i++) {
        try {
          assertEquals("value-" + i, s(db.get(b(String.format("key%03d", i)))));
        } catch (CorruptionException e) {
          corrupt++;
          assertTrue(e.file().endsWith(sst.getFileName().toString()), e.getMessage());
          assertTrue(e.offset() >= 0, e.getMessage());
        }
      }
      assertTrue(corrupt > 0, "the damaged block must be detected");
      try (DbIterator it = db.newIterator()) {
        UncheckedIOException e =
            assertThrows(
                UncheckedIOException.class,
                () -> {
                  for (it.seekToFirst(); it.isValid(); it.next()) {
                    it.key();
                  }
                });
        assertTrue(e.getCause() instanceof CorruptionException, e.toString());
      }
    }
  }

  @Test
  void aFlippedByteInTheManifestFailsTheOpen() throws IOException {
    try (Db db = Db.open(options().build())) {
      db.put(b("a"), b("1"));
    }
    Path manifest =
        files("").stream()
            .filter(p -> p.getFileName().toString().startsWith("MANIFEST-"))
            .reduce((x, y) -> y)
            .orElseThrow();
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(manifest, bytes);
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> Db.open(options().build()));
    assertTrue(e.file().endsWith(manifest.getFileName().toString()), e.getMessage());
    assertTrue(e.offset() >= 0);
  }

  @Test
  void reopeningWithAnotherMergeFunctionIsRefused() throws IOException {
    try (Db db = Db.open(options().mergeFunction(new ConcatMerge("first")).build())) {
      db.merge(b("k"), b("1"));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Db.open(options().mergeFunction(new ConcatMerge("second")).build()));
    assertTrue(
        e.getMessage().contains("'first'") && e.getMessage().contains("'second'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Db.open(options().build()));
    try (Db db = Db.open(options().mergeFunction(new ConcatMerge("first")).build())) {
      assertArrayEquals(b("|1"), db.get(b("k")));
    }
  }

  @Test
  void badOptionsAreRejectedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> options().memtableBytes(0));
    assertTrue(e.getMessage().contains("memtableBytes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> options().l0CompactionTrigger(-1));
    assertTrue(e.getMessage().contains("l0CompactionTrigger"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> options().l0CompactionTrigger(8).l0StopWritesTrigger(4).build());
    assertTrue(e.getMessage().contains("l0StopWritesTrigger"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DbOptions.builder(" "));
  }

  @Test
  void aFailedLogStopsWritesWithAnIoErrorUntilReopened() throws IOException {
    // On a fault-injecting file system the failed record stays buffered and would become durable
    // with the next sync, under the same sequence number as the next write.
    URI uri = WrapperSchemes.wrap(WrapperSchemes.FAULTY, dir.resolve("store").toUri());
    DbOptions options = DbOptions.builder(uri.toString()).walEnabled(true).build();
    Db db = Db.open(options);
    db.put(b("k"), b("acknowledged"));
    FaultInjectingFileSystem faulty =
        (FaultInjectingFileSystem) db.internal().fileSystem().hadoopFileSystem();
    faulty.failNth(1, (op, p) -> op == FsOp.SYNC && p.getName().endsWith(".log"));
    assertThrows(IOException.class, () -> db.put(b("k"), b("failed")));
    // The flush cannot close the broken log; the store must not go on with it either (it once
    // threw IllegalStateException on the closed log from then on): writes fail with an I/O error.
    assertThrows(IOException.class, db::flush);
    IOException refused = assertThrows(IOException.class, () -> db.put(b("k"), b("later")));
    assertTrue(refused.getMessage().contains("write-ahead log"), refused.getMessage());
    assertEquals("acknowledged", s(db.get(b("k"))), "the failed write is not visible");
    faulty.crash();
    try {
      db.internal().close(false);
    } catch (IOException expected) {
      // The file system crashed under the store.
    }
    try (Db reopened = Db.open(options)) {
      String v = s(reopened.get(b("k")));
      assertTrue(
          v.equals("acknowledged") || v.equals("failed"),
          "the failed write may survive whole, nothing else: " + v);
      reopened.put(b("k"), b("after"));
      assertEquals("after", s(reopened.get(b("k"))), "a reopened store accepts writes again");
    }
  }

  @Test
  void aManifestThatBecameDurableDespiteAFailureNeverLosesTheFilesItNames() throws IOException {
    URI uri = WrapperSchemes.wrap(WrapperSchemes.FAULTY, dir.resolve("store").toUri());
    DbOptions options =
        DbOptions.builder(uri.toString()).l0CompactionTrigger(100).l0StopWritesTrigger(200).build();
    Db db = Db.open(options);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 50; i++) {
        db.put(b("k" + i), b("v" + round + "." + i));
      }
      db.flush();
    }
    FaultInjectingFileSystem faulty =
        (FaultInjectingFileSystem) db.internal().fileSystem().hadoopFileSystem();
    // The compaction's manifest is written and synced, then its sync fails to report so: the
    // manifest is in force, but the store learns of a failure. (A failed cleanup of an older
    // manifest once failed the publish the same way.)
    faulty.failNth(1, (op, p) -> op == FsOp.SYNC && p.getName().startsWith("MANIFEST-"));
    assertThrows(IOException.class, () -> db.compactRange(null, null));
    faulty.crash();
    try {
      db.internal().close(false);
    } catch (IOException expected) {
      // The file system crashed under the store.
    }
    try (Db reopened = Db.open(options)) {
      for (int i = 0; i < 50; i++) {
        assertEquals("v2." + i, s(reopened.get(b("k" + i))), "k" + i);
      }
    }
  }

  @Test
  void aFailedCleanupOfOldManifestsDoesNotFailThePublish() throws IOException {
    URI uri = WrapperSchemes.wrap(WrapperSchemes.FAULTY, dir.resolve("store").toUri());
    DbOptions options = DbOptions.builder(uri.toString()).build();
    try (Db db = Db.open(options)) {
      FaultInjectingFileSystem faulty =
          (FaultInjectingFileSystem) db.internal().fileSystem().hadoopFileSystem();
      faulty.failWhen((op, p) -> op == FsOp.DELETE && p.getName().startsWith("MANIFEST-"));
      for (int round = 0; round < 4; round++) {
        db.put(b("k" + round), b("v"));
        db.flush();
      }
      db.put(b("after"), b("flushes"));
      faulty.reset();
    }
    try (Db reopened = Db.open(options)) {
      assertEquals("flushes", s(reopened.get(b("after"))));
    }
  }

  @Test
  void aFailedFlushStopsWritesButLosesNothingAcknowledgedAsDurable() throws IOException {
    Path storeDir = dir.resolve("store");
    DbOptions options = DbOptions.builder(storeDir.toUri().toString()).build();
    Db db = Db.open(options);
    db.put(b("a"), b("1"));
    db.flush();
    db.put(b("b"), b("2"));
    // The directory disappears and a plain file takes its name: every new file fails to create.
    Files.move(storeDir, dir.resolve("moved"));
    Files.write(storeDir, b("not a directory"));
    IOException e = assertThrows(IOException.class, db::flush);
    assertTrue(e.getMessage().contains("store"), e.getMessage());
    IOException w = assertThrows(IOException.class, () -> db.put(b("c"), b("3")));
    assertTrue(w.getMessage().contains("background failure"), w.getMessage());
    assertEquals("2", s(db.get(b("b"))), "unflushed data stays readable");
    assertThrows(IOException.class, db::close);
    assertThrows(IllegalStateException.class, () -> db.get(b("b")));

    Files.delete(storeDir);
    Files.move(dir.resolve("moved"), storeDir);
    try (Db reopened = Db.open(options)) {
      assertEquals("1", s(reopened.get(b("a"))), "the flushed write survives");
    }
  }
}
