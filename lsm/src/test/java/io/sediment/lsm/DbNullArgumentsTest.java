package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public method of {@link Db}, {@link WriteBatch}, {@link ReadOptions} and {@link DbIterator}
 * that takes a reference argument refuses null (where null has no documented meaning) with an
 * {@link IllegalArgumentException} naming the argument, and a closed iterator refuses every call
 * but {@code close()} with {@link IllegalStateException}.
 */
class DbNullArgumentsTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertNamed(String argument, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage() != null && e.getMessage().startsWith(argument + " "),
        "message should name " + argument + ": " + e.getMessage());
  }

  private Db open() throws IOException {
    return Db.open(DbOptions.builder(dir.toUri().toString()).build());
  }

  @Test
  void dbRefusesNullArgumentsNamingThem() throws IOException {
    assertNamed("options", () -> Db.open(null));
    try (Db db = open()) {
      assertNamed("key", () -> db.put(null, b("v")));
      assertNamed("value", () -> db.put(b("k"), null));
      assertNamed("key", () -> db.get(null));
      assertNamed("options", () -> db.get(null, b("k")));
      assertNamed("key", () -> db.get(ReadOptions.defaults(), null));
      assertNamed("key", () -> db.delete(null));
      assertNamed("beginInclusive", () -> db.deleteRange(null, b("z")));
      assertNamed("endExclusive", () -> db.deleteRange(b("a"), null));
      assertNamed("key", () -> db.merge(null, b("o")));
      assertNamed("operand", () -> db.merge(b("k"), null));
      assertNamed("batch", () -> db.write(null));
      assertNamed("key", () -> db.getAsync(null));
      assertNamed("keys", () -> db.multiGet(null));
      assertNamed("keys[1]", () -> db.multiGet(Arrays.asList(b("a"), null)));
      assertNamed("options", () -> db.newIterator(null));
      db.compactRange(null, null); // null bounds mean unbounded
      assertEquals(null, db.get(b("k")), "no refused call wrote anything");
    }
  }

  @Test
  void writeBatchRefusesNullArgumentsNamingThem() {
    WriteBatch batch = new WriteBatch();
    assertNamed("key", () -> batch.put(null, b("v")));
    assertNamed("value", () -> batch.put(b("k"), null));
    assertNamed("key", () -> batch.delete(null));
    assertNamed("beginInclusive", () -> batch.deleteRange(null, b("z")));
    assertNamed("endExclusive", () -> batch.deleteRange(b("a"), null));
    assertNamed("key", () -> batch.merge(null, b("o")));
    assertNamed("operand", () -> batch.merge(b("k"), null));
    assertNamed("handler", () -> batch.forEach(null));
    assertNamed("data", () -> WriteBatch.decode(null));
    assertNamed("file", () -> WriteBatch.decode(batch.encode(), null, 0));
    assertEquals(0, batch.count(), "refused operations add nothing");
  }

  @Test
  void readOptionsAcceptNullAsNoSnapshotAndNoBound() {
    ReadOptions o = ReadOptions.defaults().snapshot(null).lowerBound(null).upperBound(null);
    assertEquals(null, o.snapshot());
    assertEquals(null, o.lowerBound());
    assertEquals(null, o.upperBound());
  }

  @Test
  void iteratorRefusesNullTargetsNamingThem() throws IOException {
    try (Db db = open();
        DbIterator it = db.newIterator()) {
      assertNamed("target", () -> it.seek(null));
      assertNamed("target", () -> it.seekForPrev(null));
    }
  }

  @Test
  void closedIteratorRefusesEveryCallButClose() throws IOException {
    try (Db db = open()) {
      db.put(b("a"), b("1"));
      DbIterator it = db.newIterator();
      it.seekToFirst();
      assertTrue(it.isValid());
      it.close();
      it.close();
      assertThrows(IllegalStateException.class, it::isValid);
      assertThrows(IllegalStateException.class, it::seekToFirst);
      assertThrows(IllegalStateException.class, it::seekToLast);
      assertThrows(IllegalStateException.class, () -> it.seek(b("a")));
      assertThrows(IllegalStateException.class, () -> it.seekForPrev(b("a")));
      assertThrows(IllegalStateException.class, it::next);
      assertThrows(IllegalStateException.class, it::prev);
      assertThrows(IllegalStateException.class, it::key);
      assertThrows(IllegalStateException.class, it::value);
    }
  }

  @Test
  void openIteratorAnswersIsValidWithoutThrowing() throws IOException {
    try (Db db = open();
        DbIterator it = db.newIterator()) {
      assertFalse(it.isValid(), "not positioned before a seek");
      it.seekToFirst();
      assertFalse(it.isValid(), "empty store");
    }
  }
}
