package io.sediment.lsm.internal.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.DbOptions;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.WriteBatch;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.version.FileMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Immutable memtables that queue up while a flush runs go into one file together. */
class FlushMergeTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void memtablesQueuedBehindARunningFlushShareOneFile() throws Exception {
    DbOptions options =
        DbOptions.builder(dir.toUri().toString())
            .memtableBytes(1024)
            .maxImmutableMemtables(3)
            .l0CompactionTrigger(100)
            .l0StopWritesTrigger(100)
            .build();
    DbImpl db = DbImpl.open(options);
    try {
      int written = 0;
      // A flush installs its file under the version set's monitor: holding it keeps the first
      // flush from finishing while three memtables fill up behind it.
      synchronized (db.versions) {
        while (db.mems.immutables().size() < 3) {
          db.writeSingle(
              io.sediment.lsm.internal.ValueType.PUT,
              b(String.format("key%05d", written)),
              b("value" + written));
          written++;
        }
        WriteBatch batch = new WriteBatch();
        batch.deleteRange(b("key00000"), b("key00002"));
        db.write(batch); // a range tombstone in the active memtable, flushed below
      }
      db.flush();
      List<FileMetadata> level0 = db.currentVersion().files(0);
      // Four memtables (three full, one with the tombstone), and whichever way the flush thread
      // took them, a file holds more than one: at most three files, never four.
      assertTrue(level0.size() <= 3 && !level0.isEmpty(), "level 0: " + level0);
      long entries = level0.stream().mapToLong(FileMetadata::entryCount).sum();
      assertEquals(written, entries);
      assertEquals(1, level0.stream().mapToLong(FileMetadata::rangeDeletionCount).sum());
      assertEquals(0, db.mems.immutables().size());
      for (int i = 0; i < written; i++) {
        byte[] value = db.get(b(String.format("key%05d", i)), null);
        if (i < 2) {
          assertEquals(null, value, "deleted by the range tombstone: " + i);
        } else {
          assertArrayEquals(b("value" + i), value, "key " + i);
        }
      }
      try (var it = db.newIterator(ReadOptions.defaults())) {
        int n = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
          n++;
        }
        assertEquals(written - 2, n);
      }
    } finally {
      db.close(true);
    }
  }

  @Test
  void theOldestMemtablesAreTakenAndDroppedTogether() {
    MemTable m1 = new MemTable();
    MemTable m2 = new MemTable();
    MemTable m3 = new MemTable();
    MemTables mems =
        new MemTables(m1, 11, List.of())
            .switchTo(m2, 12)
            .switchTo(m3, 13)
            .switchTo(new MemTable(), 14);
    List<MemTables.Frozen> two = mems.oldest(2);
    assertEquals(List.of(m1, m2), two.stream().map(MemTables.Frozen::table).toList());
    assertEquals(13, mems.logNumberAfterFlushing(two));
    assertEquals(14, mems.logNumberAfterFlushing(mems.oldest(3)));
    assertEquals(3, mems.oldest(Integer.MAX_VALUE).size());
    MemTables after = mems.withoutOldest(two);
    assertEquals(List.of(m3), after.immutables().stream().map(MemTables.Frozen::table).toList());
    assertThrows(IllegalStateException.class, () -> after.withoutOldest(two));
    assertThrows(IllegalStateException.class, () -> mems.withoutOldest(List.of()));
    assertThrows(IllegalArgumentException.class, () -> mems.oldest(0));
  }

  @Test
  void aMergedFlushStaysWithinItsByteLimitButTakesAtLeastOne() {
    MemTable m1 = new MemTable();
    MemTable m2 = new MemTable();
    MemTable m3 = new MemTable();
    m1.add(1, io.sediment.lsm.internal.ValueType.PUT, b("a"), new byte[1000]);
    m2.add(2, io.sediment.lsm.internal.ValueType.PUT, b("b"), new byte[1000]);
    m3.add(3, io.sediment.lsm.internal.ValueType.PUT, b("c"), new byte[1000]);
    MemTables mems =
        new MemTables(m1, 0, List.of()).switchTo(m2, 0).switchTo(m3, 0).switchTo(new MemTable(), 0);
    long each = m1.approximateBytes();
    assertEquals(List.of(m1), tables(mems.oldestWithin(1)));
    assertEquals(List.of(m1), tables(mems.oldestWithin(2 * each - 1)));
    assertEquals(List.of(m1, m2), tables(mems.oldestWithin(2 * each)));
    assertEquals(List.of(m1, m2, m3), tables(mems.oldestWithin(Long.MAX_VALUE)));
    assertEquals(List.of(), new MemTables(m1, 0, List.of()).oldestWithin(Long.MAX_VALUE));
  }

  private static List<MemTable> tables(List<MemTables.Frozen> frozen) {
    return frozen.stream().map(MemTables.Frozen::table).toList();
  }
}
