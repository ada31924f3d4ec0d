package io.sediment.lsm.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.Compression;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.StoreFile;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreManifestTest {

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private DbOptions options(Path store) {
    return DbOptions.builder(store.toUri().toString())
        .compression(Compression.NONE)
        .compression(6, Compression.ZSTD)
        .build();
  }

  @Test
  void readsTheNewestManifestWithoutWritingAnything() throws Exception {
    Path store = dir.resolve("store");
    try (Db db = Db.open(options(store))) {
      db.put(b("a"), b("1"));
      db.flush();
      db.put(b("b"), b("2"));
      db.flush();
    }
    List<String> before = list(store);
    StoreManifest m = StoreManifest.read(store.toUri().toString(), null).orElseThrow();
    assertEquals(before, list(store), "reading changes nothing");
    assertEquals(2, m.lastSequence());
    assertEquals(2, m.files(0).size());
    assertEquals(m.files(0), m.files());
    assertEquals(Compression.NONE, m.compression(0));
    assertEquals(Compression.ZSTD, m.compression(6));
    assertTrue(m.nextFileNumber() > m.files().get(0).fileNumber());
    assertTrue(m.fileName().startsWith("MANIFEST-"));
    assertEquals(null, m.mergeFunctionName());
    for (StoreFile f : m.files()) {
      assertEquals(store.resolve(f.logicalName()), Path.of(m.physicalPath(f).toUri()));
    }
    assertThrows(IllegalArgumentException.class, () -> m.files(7));
  }

  @Test
  void aMissingDirectoryIsAnErrorAndIsNotCreated() throws Exception {
    Path missing = dir.resolve("no/such/store");
    FileNotFoundException e =
        assertThrows(
            FileNotFoundException.class,
            () -> StoreManifest.read(missing.toUri().toString(), null));
    assertTrue(e.getMessage().contains("no/such/store"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("no")));
    Files.createDirectories(dir.resolve("empty"));
    assertTrue(StoreManifest.read(dir.resolve("empty").toUri().toString(), null).isEmpty());
  }

  @Test
  void createInitialMakesAStoreOfTheGivenFilesAndRefusesAnExistingOne() throws Exception {
    Path source = dir.resolve("source");
    try (Db db = Db.open(options(source))) {
      db.put(b("k"), b("v"));
    }
    StoreManifest m = StoreManifest.read(source.toUri().toString(), null).orElseThrow();
    List<StoreFile> files = new ArrayList<>();
    for (StoreFile f : m.files()) {
      files.add(
          f.withPhysicalPath(m.physicalPath(f).toString()).withOwnership(FileOwnership.NOT_OWNED));
    }
    Path target = dir.resolve("target");
    StoreManifest.createInitial(options(target), files, m.lastSequence());
    StoreManifest created = StoreManifest.read(target.toUri().toString(), null).orElseThrow();
    assertEquals(files, created.files());
    assertEquals(files.get(0).fileNumber() + 1, created.nextFileNumber());
    try (Db db = Db.open(options(target))) {
      assertArrayEquals(b("v"), db.get(b("k")));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StoreManifest.createInitial(options(target), files, m.lastSequence()));
    assertTrue(e.getMessage().contains("already holds"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> StoreManifest.createInitial(options(dir.resolve("t2")), files, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> StoreManifest.checkLevels(List.of(files.get(0), files.get(0))));
  }

  @Test
  void fileEntriesRoundTripThroughTheSharedCodec() throws Exception {
    StoreFile f =
        new StoreFile(
            12,
            3,
            InternalKeys.encode(b("a"), 5, EntryKind.PUT),
            InternalKeys.encode(b("q"), 2, EntryKind.MERGE),
            4096,
            20,
            2,
            1,
            2,
            5,
            "000012.sst",
            "hdfs://nn:8020/s/000012.sst",
            FileOwnership.NOT_OWNED);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StoreFileCodec.write(new DataOutputStream(bytes), f);
    ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
    assertEquals(f, StoreFileCodec.read(buf, "test", FileOwnership.NOT_OWNED));
    assertFalse(buf.hasRemaining());
    byte[] damaged = bytes.toByteArray();
    damaged[1 + 8 * 7 + 3] = (byte) 0x7f; // the smallest key's length
    io.sediment.lsm.CorruptionException c =
        assertThrows(
            io.sediment.lsm.CorruptionException.class,
            () -> StoreFileCodec.read(ByteBuffer.wrap(damaged), "test", FileOwnership.OWNED));
    assertEquals("test", c.file());
  }

  private static List<String> list(Path p) throws Exception {
    try (var s = Files.list(p)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }
}
