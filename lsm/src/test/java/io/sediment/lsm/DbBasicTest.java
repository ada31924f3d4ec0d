package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbBasicTest {

  @TempDir Path dir;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private DbOptions.Builder options() {
    return DbOptions.builder(dir.toUri().toString())
        .memtableBytes(4096)
        .targetFileSizeBytes(4096)
        .maxBytesForLevelBase(16 * 1024)
        .blockSize(512);
  }

  @Test
  void putGetDeleteFlushReopenIterateCompact() throws IOException {
    try (Db db = Db.open(options().build())) {
      db.put(b("a"), b("1"));
      db.put(b("b"), b("2"));
      assertEquals("1", s(db.get(b("a"))));
      db.delete(b("a"));
      assertNull(db.get(b("a")));
      db.flush();
      assertEquals("2", s(db.get(b("b"))));
      assertEquals(1, db.stats().levels().get(0).fileCount());
      for (int i = 0; i < 500; i++) {
        db.put(b(String.format("k%04d", i)), b("v" + i));
      }
      db.deleteRange(b("k0100"), b("k0200"));
      db.compactRange(null, null);
      assertNull(db.get(b("k0150")));
      assertEquals("v250", s(db.get(b("k0250"))));
      assertEquals(0, db.stats().levels().get(0).fileCount());
    }
    try (Db db = Db.open(options().build())) {
      assertNull(db.get(b("a")));
      assertEquals("2", s(db.get(b("b"))));
      assertEquals("v499", s(db.get(b("k0499"))));
      assertNull(db.get(b("k0199")));
      List<String> keys = new ArrayList<>();
      try (DbIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          keys.add(s(it.key()));
        }
      }
      assertEquals(1 + 400, keys.size());
      assertEquals("b", keys.get(0));
      assertEquals("k0099", keys.get(100));
      assertEquals("k0200", keys.get(101));
      assertEquals(
          Arrays.asList("2", null, "v300"),
          db.multiGet(List.of(b("b"), b("zz"), b("k0300"))).stream().map(DbBasicTest::s).toList());
      assertEquals("v7", s(db.getAsync(b("k0007")).join()));
      assertTrue(db.stats().writeAmplification() == 0, "nothing written since reopen");
    }
  }

  @Test
  void snapshotsSeeTheirPointInTime() throws IOException {
    try (Db db = Db.open(options().build())) {
      db.put(b("k"), b("old"));
      try (Snapshot snap = db.snapshot()) {
        db.put(b("k"), b("new"));
        db.flush();
        db.compactRange(null, null);
        assertEquals("old", s(db.get(ReadOptions.defaults().snapshot(snap), b("k"))));
        assertEquals("new", s(db.get(b("k"))));
        try (DbIterator it = db.newIterator(ReadOptions.defaults().snapshot(snap))) {
          it.seekToFirst();
          assertArrayEquals(b("old"), it.value());
        }
      }
    }
  }

  @Test
  void callsAfterCloseAreRejected() throws IOException {
    Db db = Db.open(options().build());
    db.close();
    db.close();
    assertThrows(IllegalStateException.class, () -> db.put(b("a"), b("b")));
    assertThrows(IllegalStateException.class, () -> db.get(b("a")));
    assertThrows(IllegalStateException.class, db::flush);
    assertThrows(IllegalStateException.class, db::stats);
    assertThrows(IllegalStateException.class, db::snapshot);
  }

  @Test
  void badArgumentsAreRejected() throws IOException {
    try (Db db = Db.open(options().build())) {
      assertThrows(IllegalArgumentException.class, () -> db.put(null, b("v")));
      assertThrows(IllegalArgumentException.class, () -> db.get(null));
      assertThrows(IllegalArgumentException.class, () -> db.deleteRange(b("b"), b("a")));
      assertThrows(IllegalArgumentException.class, () -> db.multiGet(Arrays.asList(b("a"), null)));
      assertThrows(
          IllegalArgumentException.class, () -> DbOptions.builder("file:///x").readThreads(0));
      Snapshot closed = db.snapshot();
      closed.close();
      assertThrows(
          IllegalStateException.class,
          () -> db.get(ReadOptions.defaults().snapshot(closed), b("a")));
      assertEquals(0, db.internal().liveSnapshotCount());
    }
  }

  @Test
  void mergeWithoutAMergeFunctionIsRejected() throws IOException {
    try (Db db = Db.open(options().build())) {
      assertThrows(IllegalStateException.class, () -> db.merge(b("a"), b("1")));
    }
  }
}
