package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Db#destroy} deletes what the store owns and nothing else. */
class DbDestroyTest {

  @TempDir Path dir;

  private DbOptions options() {
    return DbOptions.builder(dir.resolve("db").toUri().toString()).memtableBytes(16 * 1024).build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Db db, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      db.put(b(String.format("key%05d", i)), b("value-" + i));
    }
  }

  private static WriteBatch manyPuts(int n) {
    WriteBatch batch = new WriteBatch();
    for (int i = 0; i < n; i++) {
      batch.put(b(String.format("key%05d", i)), b("value-" + i));
    }
    return batch;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("db"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void deletesAClosedStoreAndItsDirectory() throws IOException {
    try (Db db = Db.open(options().toBuilder().walEnabled(true).build())) {
      db.write(manyPuts(2000));
      db.flush();
      db.put(b("key00001"), b("in the log only"));
    }
    assertTrue(names().stream().anyMatch(n -> n.endsWith(".log")), names().toString());
    Db.destroy(options());
    assertFalse(Files.exists(dir.resolve("db")));
    Db.destroy(options()); // nothing there: nothing to do
    try (Db fresh = Db.open(options())) {
      assertNull(fresh.get(b("key00001")), "a destroyed store reopens empty");
    }
  }

  @Test
  void refusesAnOpenStore() throws IOException {
    try (Db db = Db.open(options())) {
      write(db, 10);
      IOException e = assertThrows(IOException.class, () -> Db.destroy(options()));
      assertTrue(e.getMessage().contains("db"), e.getMessage());
      assertEquals("value-3", new String(db.get(b("key00003")), StandardCharsets.UTF_8));
    }
    assertThrows(IllegalArgumentException.class, () -> Db.destroy(null));
  }

  @Test
  void keepsTheFilesItHandedToACheckpoint() throws IOException {
    List<String> shared;
    try (Db db = Db.open(options())) {
      write(db, 2000);
      db.flush();
      db.internal().waitForCompactions();
      List<FileMetadata> files = db.internal().currentVersion().allFiles();
      db.internal().markShared(files); // as a checkpoint does
      shared = files.stream().map(FileMetadata::logicalName).sorted().toList();
      write(db, 3000);
      db.flush();
    }
    assertFalse(shared.isEmpty());
    Db.destroy(options());
    assertEquals(shared, names(), "only the shared files stay");
  }
}
