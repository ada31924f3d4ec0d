package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static io.sediment.lsm.DbBasicTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that newer range deletions cover wholly: removed from the live version by a manifest edit
 * after the flush that brings the deletions, or dropped unread by a compaction when a snapshot kept
 * them at the flush; never while a reader can still see them.
 */
class DbCoveredFilesTest {

  @TempDir Path dir;

  private static final String VALUE = "v".repeat(100);

  private DbOptions options() {
    return DbOptions.builder(dir.toUri().toString())
        .mergeFunction(new ConcatMerge())
        .compression(Compression.NONE)
        .memtableBytes(1 << 20)
        .targetFileSizeBytes(4 * 1024)
        .maxBytesForLevelBase(1L << 30)
        .blockSize(512)
        .build();
  }

  private static byte[] key(int i) {
    return b(String.format("key%04d", i));
  }

  /** Writes key0000..key0999 and compacts them into the last level. */
  private static void fillBottom(Db db) throws IOException {
    for (int i = 0; i < 1000; i++) {
      db.put(key(i), b(VALUE + i));
    }
    db.compactRange(null, null);
  }

  /** The bottom files whose keys all lie in {@code [key(from), key(to))}. */
  private static List<FileMetadata> inside(Db db, int from, int to) {
    List<FileMetadata> out = new ArrayList<>();
    for (FileMetadata f : db.internal().currentVersion().files(Version.NUM_LEVELS - 1)) {
      if (InternalKey.compareUserKeys(f.smallestUserKey(), key(from)) >= 0
          && InternalKey.compareUserKeys(f.largestUserKey(), key(to)) < 0) {
        out.add(f);
      }
    }
    return out;
  }

  private static boolean live(Db db, FileMetadata f) {
    return db.internal().currentVersion().allFiles().stream()
        .anyMatch(g -> g.fileNumber() == f.fileNumber());
  }

  private static long sum(List<FileMetadata> files) {
    return files.stream().mapToLong(FileMetadata::fileSize).sum();
  }

  private static int count(DbIterator it) {
    int n = 0;
    for (it.seekToFirst(); it.isValid(); it.next()) {
      n++;
    }
    return n;
  }

  private static void assertDeletedRange(Db db) throws IOException {
    assertEquals(VALUE + 199, s(db.get(key(199))));
    assertNull(db.get(key(200)));
    assertNull(db.get(key(450)));
    assertNull(db.get(key(699)));
    assertEquals(VALUE + 700, s(db.get(key(700))));
    try (DbIterator it = db.newIterator()) {
      assertEquals(500, count(it));
    }
  }

  @Test
  void aFlushedRangeDeleteRemovesTheFilesItCoversWithoutCompaction() throws IOException {
    try (Db db = Db.open(options())) {
      fillBottom(db);
      List<FileMetadata> covered = inside(db, 200, 700);
      assertTrue(covered.size() > 5, "expected several covered files: " + covered);
      int before = db.internal().currentVersion().fileCount();
      long compactions = db.stats().compactionCount();

      db.deleteRange(key(200), key(700));
      db.flush();

      for (FileMetadata f : covered) {
        assertFalse(live(db, f), "covered file still live: " + f);
        assertFalse(Files.exists(dir.resolve(f.logicalName())), "not deleted: " + f);
      }
      // Every other file stays, the flushed one is added, and nothing was compacted.
      assertEquals(before - covered.size() + 1, db.internal().currentVersion().fileCount());
      assertEquals(compactions, db.stats().compactionCount());
      assertEquals(sum(covered), db.stats().bytesDroppedCovered());
      assertDeletedRange(db);
    }
    try (Db db = Db.open(options())) {
      assertDeletedRange(db);
    }
  }

  @Test
  void anOpenIteratorKeepsReadingTheRemovedFiles() throws IOException {
    try (Db db = Db.open(options())) {
      fillBottom(db);
      List<FileMetadata> covered = inside(db, 200, 700);
      try (DbIterator old = db.newIterator()) {
        db.deleteRange(key(200), key(700));
        db.flush();
        assertTrue(db.stats().bytesDroppedCovered() > 0);
        for (FileMetadata f : covered) {
          assertFalse(live(db, f));
          assertTrue(Files.exists(dir.resolve(f.logicalName())), "pinned file deleted: " + f);
        }
        assertEquals(1000, count(old));
        assertDeletedRange(db);
      }
      for (FileMetadata f : covered) {
        assertFalse(Files.exists(dir.resolve(f.logicalName())), "not deleted: " + f);
      }
    }
  }

  @Test
  void aSnapshotThatSeesTheDataKeepsTheFilesThroughFlushAndCompaction() throws IOException {
    try (Db db = Db.open(options())) {
      fillBottom(db);
      List<FileMetadata> covered = inside(db, 200, 700);
      try (Snapshot before = db.snapshot()) {
        db.deleteRange(key(200), key(700));
        db.flush();
        assertEquals(0, db.stats().bytesDroppedCovered());
        covered.forEach(f -> assertTrue(live(db, f)));
        db.compactRange(null, null);
        assertEquals(0, db.stats().bytesCompactedSkipped());
        ReadOptions old = ReadOptions.defaults().snapshot(before);
        assertEquals(VALUE + 450, s(db.get(old, key(450))));
        try (DbIterator it = db.newIterator(old)) {
          assertEquals(1000, count(it));
        }
        assertDeletedRange(db);
      }
      // Once the snapshot is gone, the data it pinned is dropped by compaction as usual.
      db.compactRange(null, null);
      assertDeletedRange(db);
      assertEquals(
          500,
          db.internal().currentVersion().allFiles().stream()
              .mapToLong(FileMetadata::entryCount)
              .sum());
    }
  }

  @Test
  void aCompactionDropsCoveredInputsUnreadOnceTheSnapshotIsGone() throws IOException {
    try (Db db = Db.open(options())) {
      fillBottom(db);
      List<FileMetadata> covered = inside(db, 200, 700);
      // Merge operands inside the range, in a level-0 file of their own.
      for (int i = 200; i < 700; i += 10) {
        db.merge(key(i), b("x"));
      }
      db.flush();
      Snapshot before = db.snapshot();
      db.deleteRange(key(200), key(700));
      db.flush();
      assertEquals(0, db.stats().bytesDroppedCovered(), "the snapshot sees the data");
      // Operands above the range delete fold onto no base.
      db.merge(key(300), b("y"));
      db.merge(key(300), b("z"));
      long read = db.stats().bytesCompactedRead();
      before.close();

      db.compactRange(null, null);

      DbStats stats = db.stats();
      assertTrue(
          stats.bytesCompactedSkipped() > sum(covered),
          "covered bottom files and the operand file must be skipped: " + stats);
      assertTrue(stats.bytesCompactedRead() - read < 3 * 4096 * 4, stats.toString());
      assertEquals("|y|z", s(db.get(key(300))));
      assertNull(db.get(key(310)));
      assertEquals(VALUE + 199, s(db.get(key(199))));
      assertEquals(VALUE + 700, s(db.get(key(700))));
      try (DbIterator it = db.newIterator()) {
        assertEquals(501, count(it));
      }
    }
    try (Db db = Db.open(options())) {
      assertEquals("|y|z", s(db.get(key(300))));
      try (DbIterator it = db.newIterator()) {
        assertEquals(501, count(it));
      }
    }
  }

  @Test
  void aPartlyCoveredFileStays() throws IOException {
    try (Db db = Db.open(options())) {
      fillBottom(db);
      List<FileMetadata> bottom = db.internal().currentVersion().files(Version.NUM_LEVELS - 1);
      FileMetadata f = bottom.get(bottom.size() / 2);
      // Up to, but not including, the file's largest key.
      db.deleteRange(f.smallestUserKey(), f.largestUserKey());
      db.flush();
      assertTrue(live(db, f));
      assertEquals(0, db.stats().bytesDroppedCovered());
      assertTrue(db.get(f.largestUserKey()) != null);
      FileMetadata first = db.internal().currentVersion().files(0).get(0);
      // One byte further covers it.
      byte[] past = java.util.Arrays.copyOf(f.largestUserKey(), f.largestUserKey().length + 1);
      db.deleteRange(f.smallestUserKey(), past);
      db.flush();
      assertFalse(live(db, f));
      // The first range delete's own file is covered by the second one too.
      assertFalse(live(db, first));
      assertEquals(f.fileSize() + first.fileSize(), db.stats().bytesDroppedCovered());
      assertNull(db.get(f.largestUserKey()));
    }
  }
}
