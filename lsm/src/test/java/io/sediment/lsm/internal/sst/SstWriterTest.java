package io.sediment.lsm.internal.sst;

import static io.sediment.lsm.internal.sst.SstFixture.bytes;
import static io.sediment.lsm.internal.sst.SstFixture.ikey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SstWriterTest {

  @TempDir Path dir;

  @Test
  void rejectsKeysOutOfOrderNamingBoth() throws IOException {
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstWriter writer =
          new SstWriter(view.create(view.resolve("a.sst")), SstWriterOptions.defaults());
      writer.add(ikey("b", 5, ValueType.PUT), bytes("v"));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> writer.add(ikey("a", 9, ValueType.PUT), bytes("v")));
      assertTrue(e.getMessage().contains("'a' @9 PUT"), e.getMessage());
      assertTrue(e.getMessage().contains("'b' @5 PUT"), e.getMessage());
      // Same user key: a newer version after an older one is out of order, so is a duplicate.
      assertThrows(
          IllegalArgumentException.class, () -> writer.add(ikey("b", 6, ValueType.PUT), bytes("")));
      assertThrows(
          IllegalArgumentException.class, () -> writer.add(ikey("b", 5, ValueType.PUT), bytes("")));
      assertThrows(
          IllegalArgumentException.class,
          () -> writer.add(ikey("c", 1, ValueType.RANGE_DELETE), bytes("d")));
      assertThrows(IllegalArgumentException.class, () -> writer.add(new byte[3], bytes("")));
      // The writer is still usable after rejected input.
      writer.add(ikey("b", 4, ValueType.DELETE), new byte[0]);
      SstProperties p = writer.finish();
      assertEquals(2, p.entryCount());
      assertEquals(1, p.deletionCount());
      assertThrows(
          IllegalStateException.class, () -> writer.add(ikey("c", 1, ValueType.PUT), bytes("")));
    }
  }

  @Test
  void propertiesCountEverythingAndBoundTombstones() throws IOException {
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstWriter writer =
          new SstWriter(
              view.create(view.resolve("p.sst")),
              SstWriterOptions.defaults().withCompression(Compression.ZSTD));
      writer.add(ikey("c", 10, ValueType.PUT), bytes("value1"));
      writer.add(ikey("c", 7, ValueType.MERGE), bytes("op"));
      writer.add(ikey("d", 3, ValueType.DELETE), new byte[0]);
      writer.addRangeTombstone(new RangeTombstone(bytes("x"), bytes("z"), 20));
      writer.addRangeTombstone(new RangeTombstone(bytes("a"), bytes("b"), 2));
      assertEquals(3, writer.entryCount());
      assertTrue(writer.estimatedFileSize() > 0);
      SstProperties p = writer.finish();
      assertArrayEquals(InternalKey.encode(bytes("a"), 2, ValueType.RANGE_DELETE), p.smallestKey());
      assertArrayEquals(
          InternalKey.encode(bytes("z"), InternalKey.MAX_SEQUENCE, ValueType.RANGE_DELETE),
          p.largestKey());
      assertEquals(3, p.entryCount());
      assertEquals(1, p.deletionCount());
      assertEquals(1, p.mergeCount());
      assertEquals(2, p.rangeDeletionCount());
      assertEquals(2, p.smallestSequence());
      assertEquals(20, p.largestSequence());
      assertEquals(3 * 9, p.rawKeyBytes());
      assertEquals(8, p.rawValueBytes());
      assertEquals(Compression.ZSTD, p.compression());
      assertEquals(SstFormat.FORMAT_VERSION, p.formatVersion());
      assertEquals(view.size(view.resolve("p.sst")), p.fileSize());
      assertTrue(p.dataBytes() > 0 && p.indexBytes() > 0 && p.filterBytes() > 0);

      try (ReadableFile file = view.openRead(view.resolve("p.sst"));
          SstReader reader = SstReader.open(file, 7, null)) {
        assertEquals(p, reader.properties());
        assertEquals(7, reader.fileNumber());
        assertEquals(
            List.of(
                new RangeTombstone(bytes("x"), bytes("z"), 20),
                new RangeTombstone(bytes("a"), bytes("b"), 2)),
            reader.rangeTombstones());
        List<String> seen = new ArrayList<>();
        reader.get(
            bytes("c"),
            100,
            (seq, type, v, off, len) -> {
              seen.add(seq + " " + type + " " + new String(v, off, len));
              return true;
            });
        assertEquals(List.of("10 PUT value1", "7 MERGE op"), seen);
        seen.clear();
        reader.get(
            bytes("c"),
            9,
            (seq, type, v, off, len) -> {
              seen.add(seq + " " + type);
              return true;
            });
        assertEquals(List.of("7 MERGE"), seen);
      }
    }
  }

  @Test
  void tombstoneOnlyFileHasNoDataBlocks() throws IOException {
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstWriter writer =
          new SstWriter(view.create(view.resolve("t.sst")), SstWriterOptions.defaults());
      writer.addRangeTombstone(new RangeTombstone(bytes("k"), bytes("m"), 4));
      SstProperties p = writer.finish();
      assertEquals(0, p.entryCount());
      assertArrayEquals(InternalKey.encode(bytes("k"), 4, ValueType.RANGE_DELETE), p.smallestKey());
      try (ReadableFile file = view.openRead(view.resolve("t.sst"));
          SstReader reader = SstReader.open(file, 1, null);
          InternalIterator it = reader.newIterator()) {
        it.seekToFirst();
        assertFalse(it.isValid());
        it.seekToLast();
        assertFalse(it.isValid());
        it.seek(ikey("k", 1, ValueType.PUT));
        assertFalse(it.isValid());
        assertFalse(reader.mayContain(bytes("k")));
        reader.get(
            bytes("k"),
            10,
            (s, t, v, o, l) -> {
              throw new AssertionError("no entries");
            });
        assertEquals(1, reader.rangeTombstones().size());
        reader.verifyChecksums();
      }
    }
  }

  @Test
  void emptyWriterCannotFinishButCanBeAbandoned() throws IOException {
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstWriter writer =
          new SstWriter(view.create(view.resolve("e.sst")), SstWriterOptions.defaults());
      assertThrows(IllegalStateException.class, writer::finish);
      writer.abandon();
      writer.abandon();
      assertThrows(IllegalStateException.class, writer::finish);
    }
  }

  @Test
  void withoutBloomFilterEveryKeyMayBePresent() throws IOException {
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstWriter writer =
          new SstWriter(
              view.create(view.resolve("n.sst")),
              SstWriterOptions.defaults().withBloomBitsPerKey(0));
      writer.add(ikey("a", 1, ValueType.PUT), bytes("1"));
      SstProperties p = writer.finish();
      assertEquals(0, p.filterBytes());
      try (ReadableFile file = view.openRead(view.resolve("n.sst"));
          SstReader reader = SstReader.open(file, 1, null)) {
        assertTrue(reader.mayContain(bytes("zzz")));
        int[] calls = {0};
        reader.get(bytes("zzz"), 5, (s, t, v, o, l) -> ++calls[0] > 0);
        assertEquals(0, calls[0]);
      }
    }
  }

  @Test
  void optionsRejectBadValues() {
    assertThrows(
        IllegalArgumentException.class, () -> new SstWriterOptions(0, 16, Compression.LZ4, 10));
    assertThrows(
        IllegalArgumentException.class, () -> new SstWriterOptions(4096, 0, Compression.LZ4, 10));
    assertThrows(IllegalArgumentException.class, () -> new SstWriterOptions(4096, 16, null, 10));
    assertThrows(
        IllegalArgumentException.class, () -> new SstWriterOptions(4096, 16, Compression.LZ4, -1));
    SstWriterOptions d = SstWriterOptions.defaults();
    assertEquals(new SstWriterOptions(4096, 16, Compression.LZ4, 10), d);
  }
}
