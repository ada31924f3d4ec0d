package io.sediment.lsm.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The on-disk format is pinned by checked-in files: the writer must reproduce them byte for byte,
 * and the reader must read them. Regenerate (after a deliberate format change, with a version bump)
 * by running with {@code -Dsediment.rewriteGolden=true}.
 */
class SstGoldenTest {

  private static final Path GOLDEN_DIR = Path.of("src", "test", "resources", "golden");

  @TempDir Path dir;

  /** A small deterministic file: prefix-sharing keys, every type, versions, tombstones. */
  static TreeMap<byte[], byte[]> goldenEntries() {
    TreeMap<byte[], byte[]> model = SstFixture.newModel();
    for (int i = 0; i < 120; i++) {
      String user = String.format(Locale.ROOT, "user%05d/field", i * 7);
      long seq = 1000 + i;
      ValueType type =
          i % 11 == 0 ? ValueType.DELETE : i % 7 == 0 ? ValueType.MERGE : ValueType.PUT;
      byte[] value =
          type == ValueType.DELETE
              ? new byte[0]
              : SstFixture.bytes(("value-" + i + "-").repeat(1 + i % 5));
      model.put(InternalKey.encode(SstFixture.bytes(user), seq, type), value);
      if (i % 10 == 0) {
        model.put(
            InternalKey.encode(SstFixture.bytes(user), seq - 500, ValueType.PUT),
            SstFixture.bytes("older"));
      }
    }
    return model;
  }

  static List<RangeTombstone> goldenTombstones() {
    return List.of(
        new RangeTombstone(SstFixture.bytes("user00100"), SstFixture.bytes("user00200"), 1500),
        new RangeTombstone(SstFixture.bytes("a"), SstFixture.bytes("b"), 3));
  }

  static String fileName(Compression compression) {
    return "sst-v1-" + compression.name().toLowerCase(Locale.ROOT) + ".sst";
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void writerReproducesTheGoldenFile(Compression compression) throws IOException {
    byte[] written;
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstWriter writer =
          new SstWriter(
              view.create(view.resolve("golden.sst")),
              new SstWriterOptions(512, 4, compression, 10));
      for (Map.Entry<byte[], byte[]> e : goldenEntries().entrySet()) {
        writer.add(e.getKey(), e.getValue());
      }
      goldenTombstones().forEach(writer::addRangeTombstone);
      writer.finish();
      written = view.readAll(view.resolve("golden.sst"));
    }
    Path golden = GOLDEN_DIR.resolve(fileName(compression));
    if (Boolean.getBoolean("sediment.rewriteGolden")) {
      Files.createDirectories(GOLDEN_DIR);
      Files.write(golden, written);
      System.out.println("rewrote " + golden.toAbsolutePath());
    }
    assertTrue(Files.exists(golden), golden + " exists (run with -Dsediment.rewriteGolden=true)");
    assertArrayEquals(
        Files.readAllBytes(golden),
        written,
        "writer output differs from " + golden + ": a format change needs a version bump");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void readerReadsTheGoldenFile(Compression compression) throws IOException {
    TreeMap<byte[], byte[]> model = goldenEntries();
    try (FileSystemView view = SstFixture.localView(GOLDEN_DIR.toAbsolutePath());
        ReadableFile file = view.openRead(view.resolve(fileName(compression)));
        SstReader reader = SstReader.open(file, 1, null)) {
      SstProperties p = reader.properties();
      assertEquals(model.size(), p.entryCount());
      assertEquals(compression, p.compression());
      assertEquals(goldenTombstones(), reader.rangeTombstones());
      assertArrayEquals(
          InternalKey.encode(SstFixture.bytes("a"), 3, ValueType.RANGE_DELETE), p.smallestKey());
      assertArrayEquals(model.lastKey(), p.largestKey());
      reader.verifyChecksums();
      List<Map.Entry<byte[], byte[]>> expected = new ArrayList<>(model.entrySet());
      int i = 0;
      try (InternalIterator it = reader.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          Map.Entry<byte[], byte[]> e = expected.get(i++);
          assertArrayEquals(e.getKey(), Arrays.copyOf(it.keyArray(), it.keyLength()));
          assertArrayEquals(
              e.getValue(),
              Arrays.copyOfRange(
                  it.valueArray(), it.valueOffset(), it.valueOffset() + it.valueLength()));
        }
      }
      assertEquals(expected.size(), i);
      assertTrue(p.dataBytes() > 512, "several data blocks");
    }
  }

  /** Properties version 2: a store declaring key groups records the span of the file's keys. */
  @org.junit.jupiter.api.Test
  void writerReproducesTheKeyGroupGoldenFile() throws IOException {
    byte[] written;
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstWriter writer =
          new SstWriter(
              view.create(view.resolve("golden.sst")),
              new SstWriterOptions(512, 4, Compression.NONE, 10).withKeyGroups(128));
      for (Map.Entry<byte[], byte[]> e : goldenEntries().entrySet()) {
        writer.add(e.getKey(), e.getValue());
      }
      goldenTombstones().forEach(writer::addRangeTombstone);
      SstProperties written0 = writer.finish();
      // Keys start with 'u' (117); the tombstone [a, b) covers group 'a' (97) only: "b" is exactly
      // a one-byte prefix, the exclusive end of group 97.
      assertEquals(new KeyGroupSpan(97, 117), written0.keyGroups());
      written = view.readAll(view.resolve("golden.sst"));
    }
    Path golden = GOLDEN_DIR.resolve("sst-v1-keygroups.sst");
    if (Boolean.getBoolean("sediment.rewriteGolden")) {
      Files.createDirectories(GOLDEN_DIR);
      Files.write(golden, written);
    }
    assertTrue(Files.exists(golden), golden + " exists (run with -Dsediment.rewriteGolden=true)");
    assertArrayEquals(Files.readAllBytes(golden), written, "a format change needs a version bump");
    try (FileSystemView view = SstFixture.localView(GOLDEN_DIR.toAbsolutePath());
        ReadableFile file = view.openRead(view.resolve("sst-v1-keygroups.sst"));
        SstReader reader = SstReader.open(file, 1, null)) {
      assertEquals(new KeyGroupSpan(97, 117), reader.properties().keyGroups());
      assertEquals(goldenEntries().size(), reader.properties().entryCount());
      reader.verifyChecksums();
    }
  }

  /** Files written without key groups (all files of older writers) read with no span. */
  @ParameterizedTest
  @EnumSource(Compression.class)
  void filesWithoutKeyGroupsHaveNoSpan(Compression compression) throws IOException {
    try (FileSystemView view = SstFixture.localView(GOLDEN_DIR.toAbsolutePath());
        ReadableFile file = view.openRead(view.resolve(fileName(compression)));
        SstReader reader = SstReader.open(file, 1, null)) {
      assertEquals(null, reader.properties().keyGroups());
    }
  }
}
