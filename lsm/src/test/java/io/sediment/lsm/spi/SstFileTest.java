package io.sediment.lsm.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.Compression;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SstFileTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One flushed file: a put, a delete, a range deletion. */
  private StoreFile writeOneFile() throws Exception {
    try (Db db = Db.open(DbOptions.builder(dir.toUri().toString()).build())) {
      db.put(b("a"), b("1"));
      db.delete(b("b"));
      db.deleteRange(b("c"), b("e"));
      StoreEngine.of(db).flush();
      try (PinnedVersion v = StoreEngine.of(db).pinCurrentVersion()) {
        return v.files().get(0);
      }
    }
  }

  @Test
  void readsPropertiesEntriesAndRangeDeletions() throws Exception {
    StoreFile f = writeOneFile();
    try (FileSystemView view = FileSystemView.openExisting(dir.toUri().toString(), null);
        SstFile sst = SstFile.open(view, view.resolve(f.logicalName()))) {
      SstFile.Properties p = sst.properties();
      assertEquals(f.sizeBytes(), p.fileSize());
      assertEquals(f.sizeBytes(), sst.size());
      assertEquals(2, p.entryCount());
      assertEquals(1, p.deletionCount());
      assertEquals(1, p.rangeDeletionCount());
      assertEquals(Compression.LZ4, p.compression());
      assertEquals(1, p.dataBlockCount());
      assertArrayEquals(f.smallestInternalKey(), p.smallestInternalKey());
      assertEquals(EntryKind.PUT, InternalKeys.kind(p.smallestInternalKey()));
      assertEquals(List.of(new SstFile.RangeDeletion(b("c"), b("e"), 3)), sst.rangeDeletions());
      List<SstFile.Entry> entries = new ArrayList<>();
      try (SstFile.Entries it = sst.entries()) {
        it.forEachRemaining(entries::add);
      }
      assertEquals(
          List.of(
              new SstFile.Entry(b("a"), 1, EntryKind.PUT, b("1")),
              new SstFile.Entry(b("b"), 2, EntryKind.DELETE, new byte[0])),
          entries);
      assertEquals("'a' @1 PUT => '1'", entries.get(0).toString());
      sst.verifyChecksums();
    }
  }

  @Test
  void aDamagedBlockIsCorruptionNamingFileAndOffset() throws Exception {
    StoreFile f = writeOneFile();
    Path file = dir.resolve(f.logicalName());
    byte[] bytes = Files.readAllBytes(file);
    bytes[5] ^= 0x40; // inside the first data block
    Files.write(file, bytes);
    try (FileSystemView view = FileSystemView.openExisting(dir.toUri().toString(), null);
        SstFile sst = SstFile.open(view, view.resolve(f.logicalName()))) {
      CorruptionException e = assertThrows(CorruptionException.class, sst::verifyChecksums);
      assertTrue(e.file().endsWith(f.logicalName()), e.getMessage());
      assertEquals(0, e.offset(), e.getMessage());
    }
  }

  @Test
  void aMissingFileIsNamedAndNotCreated() throws Exception {
    try (FileSystemView view = FileSystemView.openExisting(dir.toUri().toString(), null)) {
      FileNotFoundException e =
          assertThrows(
              FileNotFoundException.class, () -> SstFile.open(view, view.resolve("000099.sst")));
      assertTrue(e.getMessage().contains("000099.sst"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("000099.sst")));
    }
  }
}
