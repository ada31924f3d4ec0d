package io.sediment.lsm.internal.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.iterator.MergingIterator;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.rangedel.TombstoneSet;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written cases the model test reaches only by chance, and the error contracts. */
class ReadPathEdgeCasesTest {

  @Test
  void backwardIterationFoldsMergesAboveTombstones() {
    MemTable m = new MemTable();
    m.add(1, ValueType.PUT, b("a"), b("a1"));
    m.add(2, ValueType.PUT, b("b"), b("b2"));
    m.add(3, ValueType.MERGE, b("b"), b("m3"));
    m.addRangeTombstone(new RangeTombstone(b("a"), b("c"), 4));
    m.add(5, ValueType.MERGE, b("b"), b("m5"));
    m.add(6, ValueType.MERGE, b("c"), b("m6"));
    m.add(7, ValueType.PUT, b("d"), b("d7"));
    m.add(8, ValueType.DELETE, b("d"), null);

    assertEquals(List.of("b=~+m5", "c=~+m6"), scan(m, 8, true));
    assertEquals(List.of("b=~+m5", "c=~+m6"), scan(m, 8, false));
    assertEquals(List.of("b=~+m5", "c=~+m6", "d=d7"), scan(m, 7, false));
    assertEquals(List.of("a=a1", "b=b2+m3"), scan(m, 3, false));
    assertEquals(List.of("a=a1", "b=b2+m3"), scan(m, 3, true));
    assertEquals(List.of(), scan(m, 0, false));
  }

  @Test
  void boundsClampSeeks() {
    MemTable m = new MemTable();
    for (int i = 0; i < 6; i++) {
      m.add(i + 1, ValueType.PUT, new byte[] {(byte) ('a' + i)}, new byte[] {(byte) i});
    }
    try (DbIterator it =
        new DbIteratorImpl(
            m.newIterator(), TombstoneSet.empty(), 100, null, b("b"), b("e"), () -> {})) {
      it.seek(b("a"));
      assertArrayEquals(b("b"), it.key());
      it.prev();
      assertFalse(it.isValid());
      it.seekForPrev(b("z"));
      assertArrayEquals(b("d"), it.key());
      it.next();
      assertFalse(it.isValid());
      it.seek(b("e"));
      assertFalse(it.isValid());
      it.seekForPrev(b("a"));
      assertFalse(it.isValid());
      it.seekToLast();
      assertArrayEquals(b("d"), it.key());
      it.seekToFirst();
      assertArrayEquals(b("b"), it.key());
      it.seekForPrev(b("c\0"));
      assertArrayEquals(b("c"), it.key());
      it.next();
      it.prev();
      it.prev();
      assertArrayEquals(b("b"), it.key());
    }
  }

  @Test
  void mergeWithoutMergeFunctionNamesTheKey() {
    MemTable m = new MemTable();
    m.add(1, ValueType.MERGE, b("counter"), b("1"));
    GetContext ctx = new GetContext(b("counter"), 5, null);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> m.get(b("counter"), 5, ctx));
    assertTrue(e.getMessage().contains("'counter'"), e.getMessage());
    try (DbIterator it =
        new DbIteratorImpl(m.newIterator(), TombstoneSet.empty(), 5, null, null, null, () -> {})) {
      e = assertThrows(IllegalStateException.class, it::seekToFirst);
      assertTrue(e.getMessage().contains("'counter'"), e.getMessage());
      assertFalse(it.isValid());
      e = assertThrows(IllegalStateException.class, it::seekToLast);
      assertTrue(e.getMessage().contains("'counter'"), e.getMessage());
    }
  }

  @Test
  void getContextRules() {
    GetContext ctx = new GetContext(b("k"), 10, ReadModel.CONCAT);
    assertThrows(
        IllegalStateException.class, () -> ctx.accept(11, ValueType.PUT, new byte[0], 0, 0));
    assertTrue(ctx.accept(9, ValueType.MERGE, b("xm9"), 1, 2));
    assertFalse(ctx.isDone());
    ctx.coveredBelow(8);
    ctx.coveredBelow(3); // lower values do not reduce the cover
    assertFalse(ctx.accept(7, ValueType.PUT, b("v7"), 0, 2));
    assertTrue(ctx.isDone());
    assertArrayEquals(b("~+m9"), ctx.result());
    assertSame(ctx.result(), ctx.result());

    GetContext absent = new GetContext(b("k"), 10, null);
    assertNull(absent.result());
    assertFalse(absent.foundAnyEntry());
    GetContext deleted = new GetContext(b("k"), 10, null);
    assertFalse(deleted.accept(5, ValueType.DELETE, new byte[0], 0, 0));
    assertTrue(deleted.foundAnyEntry());
    assertNull(deleted.result());
  }

  @Test
  void ioErrorsSurfaceUncheckedAndInvalidate() {
    MemTable m = new MemTable();
    m.add(1, ValueType.PUT, b("a"), b("1"));
    m.add(2, ValueType.PUT, b("b"), b("2"));
    InternalIterator inner = m.newIterator();
    boolean[] fail = {false};
    int[] closes = {0};
    InternalIterator failing =
        (InternalIterator)
            java.lang.reflect.Proxy.newProxyInstance(
                InternalIterator.class.getClassLoader(),
                new Class<?>[] {InternalIterator.class},
                (proxy, method, args) -> {
                  if (fail[0] && method.getName().equals("next")) {
                    throw new UncheckedIOException(
                        new CorruptionException("000001.sst", 4096, "bad block"));
                  }
                  try {
                    return method.invoke(inner, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    DbIterator it =
        new DbIteratorImpl(failing, TombstoneSet.empty(), 5, null, null, null, () -> closes[0]++);
    it.seekToFirst();
    assertArrayEquals(b("a"), it.key());
    fail[0] = true;
    UncheckedIOException e = assertThrows(UncheckedIOException.class, it::next);
    assertTrue(e.getCause() instanceof CorruptionException);
    assertFalse(it.isValid());
    assertThrows(IllegalStateException.class, it::key);
    fail[0] = false;
    it.seekToLast();
    assertArrayEquals(b("b"), it.key());
    it.close();
    it.close();
    assertEquals(1, closes[0]);
    assertThrows(IllegalStateException.class, it::seekToFirst);
    assertThrows(IllegalStateException.class, it::key);
  }

  /**
   * A reader that takes the memtables while a flush installs their file meets the same writes in
   * two sources. Each merge operand must still be folded exactly once, in lookups and in scans both
   * ways.
   */
  @Test
  void writesSeenThroughTwoSourcesFoldOnce() {
    MemTable memtable = new MemTable();
    MemTable flushedCopy = new MemTable();
    for (MemTable m : List.of(memtable, flushedCopy)) {
      m.add(1, ValueType.PUT, b("a"), b("a1"));
      m.add(2, ValueType.MERGE, b("a"), b("m2"));
      m.add(3, ValueType.MERGE, b("a"), b("m3"));
      m.add(4, ValueType.MERGE, b("b"), b("m4"));
      m.add(5, ValueType.MERGE, b("b"), b("m5"));
    }
    for (boolean forward : new boolean[] {true, false}) {
      List<String> out = new ArrayList<>();
      try (DbIterator it =
          new DbIteratorImpl(
              new MergingIterator(List.of(memtable.newIterator(), flushedCopy.newIterator())),
              TombstoneSet.empty(),
              10,
              ReadModel.CONCAT,
              null,
              null,
              () -> {})) {
        if (forward) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            out.add(ReadModel.str(it.key()) + "=" + ReadModel.str(it.value()));
          }
        } else {
          for (it.seekToLast(); it.isValid(); it.prev()) {
            out.add(0, ReadModel.str(it.key()) + "=" + ReadModel.str(it.value()));
          }
        }
      }
      assertEquals(List.of("a=a1+m2+m3", "b=~+m4+m5"), out, forward ? "forward" : "backward");
    }
    for (String key : List.of("a", "b")) {
      GetContext ctx = new GetContext(b(key), 10, ReadModel.CONCAT);
      memtable.get(b(key), 10, ctx);
      flushedCopy.get(b(key), 10, ctx);
      assertEquals(key.equals("a") ? "a1+m2+m3" : "~+m4+m5", ReadModel.str(ctx.result()), key);
    }
  }

  private static List<String> scan(MemTable m, long snapshot, boolean forward) {
    List<String> out = new ArrayList<>();
    try (DbIterator it =
        new DbIteratorImpl(
            m.newIterator(), m.tombstoneSet(), snapshot, ReadModel.CONCAT, null, null, () -> {})) {
      if (forward) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          out.add(ReadModel.str(it.key()) + "=" + ReadModel.str(it.value()));
        }
      } else {
        for (it.seekToLast(); it.isValid(); it.prev()) {
          out.add(0, ReadModel.str(it.key()) + "=" + ReadModel.str(it.value()));
        }
      }
    }
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
