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
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading an SST through a clip: iteration edges, point lookups and cut range tombstones. */
class ClippedReadTest {

  @TempDir Path dir;

  /** Keys b, d, f, h at sequences 10 and 5; tombstones [a, c)@20 and [e, z)@30. */
  private SstReader open(FileSystemView view, List<ReadableFile> files) throws IOException {
    TreeMap<byte[], byte[]> model = SstFixture.newModel();
    for (String k : List.of("b", "d", "f", "h")) {
      model.put(ikey(k, 10, ValueType.PUT), bytes(k + "10"));
      model.put(ikey(k, 5, ValueType.PUT), bytes(k + "5"));
    }
    SstWriter writer =
        new SstWriter(
            view.create(view.resolve("f.sst")), new SstWriterOptions(64, 2, Compression.NONE, 10));
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      writer.add(e.getKey(), e.getValue());
    }
    writer.addRangeTombstone(new RangeTombstone(bytes("a"), bytes("c"), 20));
    writer.addRangeTombstone(new RangeTombstone(bytes("e"), bytes("z"), 30));
    writer.finish();
    ReadableFile file = view.openRead(view.resolve("f.sst"));
    files.add(file);
    return SstReader.open(file, 1, null);
  }

  private static String at(InternalIterator it) {
    if (!it.isValid()) {
      return "-";
    }
    byte[] key = Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength());
    return new String(InternalKey.userKey(key)) + "@" + InternalKey.sequence(key, 0, key.length);
  }

  @Test
  void clipEndsEqualToKeysKeepTheLowerAndDropTheUpper() throws IOException {
    List<ReadableFile> files = new ArrayList<>();
    try (FileSystemView view = SstFixture.localView(dir);
        SstReader reader = open(view, files);
        InternalIterator it = new SstView(reader, bytes("d"), bytes("h")).newIterator()) {
      List<String> forward = new ArrayList<>();
      for (it.seekToFirst(); it.isValid(); it.next()) {
        forward.add(at(it));
      }
      assertEquals(List.of("d@10", "d@5", "f@10", "f@5"), forward);
      List<String> backward = new ArrayList<>();
      for (it.seekToLast(); it.isValid(); it.prev()) {
        backward.add(at(it));
      }
      assertEquals(List.of("f@5", "f@10", "d@5", "d@10"), backward);

      it.seek(ikey("a", 100, ValueType.PUT));
      assertEquals("d@10", at(it), "a seek before the clip lands on its first entry");
      it.seek(ikey("d", 7, ValueType.PUT));
      assertEquals("d@5", at(it));
      it.seek(ikey("g", 100, ValueType.PUT));
      assertEquals("-", at(it), "the next entry, h, is outside the clip");
      it.seek(ikey("h", 100, ValueType.PUT));
      assertEquals("-", at(it));
      it.seekForPrev(ikey("z", 0, ValueType.PUT));
      assertEquals("f@5", at(it), "a seekForPrev past the clip lands on its last entry");
      it.seekForPrev(ikey("f", 7, ValueType.PUT));
      assertEquals("f@10", at(it));
      it.seekForPrev(ikey("c", 0, ValueType.PUT));
      assertEquals("-", at(it));
      it.seekForPrev(ikey("d", 100, ValueType.PUT));
      assertEquals("-", at(it), "d@100 sorts before every entry of d");
      it.seekToFirst();
      it.prev();
      assertEquals("-", at(it), "b@5 lies before the clip");
      it.seekToLast();
      it.next();
      assertEquals("-", at(it), "h@10 lies at the exclusive end");
    } finally {
      for (ReadableFile f : files) {
        f.close();
      }
    }
  }

  @Test
  void pointLookupsAndTombstonesFollowTheClip() throws IOException {
    List<ReadableFile> files = new ArrayList<>();
    try (FileSystemView view = SstFixture.localView(dir);
        SstReader reader = open(view, files)) {
      SstView clipped = new SstView(reader, bytes("d"), bytes("h"));
      assertEquals(
          List.of(new RangeTombstone(bytes("e"), bytes("h"), 30)),
          clipped.rangeTombstones(),
          "[a, c) lies outside the clip, [e, z) is cut at h");
      List<Long> seen = new ArrayList<>();
      clipped.get(bytes("b"), 100, (seq, type, v, off, len) -> seen.add(seq));
      clipped.get(bytes("h"), 100, (seq, type, v, off, len) -> seen.add(seq));
      assertEquals(List.of(), seen, "b and h are outside the clip");
      clipped.get(bytes("f"), 100, (seq, type, v, off, len) -> seen.add(seq));
      assertEquals(List.of(10L, 5L), seen);

      SstView lowerOnly = new SstView(reader, bytes("c"), null);
      assertEquals(
          List.of(new RangeTombstone(bytes("e"), bytes("z"), 30)), lowerOnly.rangeTombstones());
      SstView whole = new SstView(reader, null, null);
      assertFalse(whole.clipped());
      assertEquals(reader.rangeTombstones(), whole.rangeTombstones());
    } finally {
      for (ReadableFile f : files) {
        f.close();
      }
    }
  }

  @Test
  void emptyClipsAreRefused() throws IOException {
    List<ReadableFile> files = new ArrayList<>();
    try (FileSystemView view = SstFixture.localView(dir);
        SstReader reader = open(view, files)) {
      assertThrows(
          IllegalArgumentException.class, () -> new SstView(reader, bytes("d"), bytes("d")));
      assertThrows(
          IllegalArgumentException.class, () -> new SstView(reader, bytes("e"), bytes("d")));
      FileMetadata f =
          new FileMetadata(
              1,
              1,
              ikey("b", 10, ValueType.PUT),
              ikey("h", 5, ValueType.PUT),
              100,
              8,
              0,
              2,
              5,
              30,
              "000001.sst",
              "");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.clippedTo(bytes("d"), bytes("d")));
      assertTrue(e.getMessage().contains("empty clip"), e.getMessage());
      assertTrue(f.clippedTo(bytes("i"), null).isEmpty(), "nothing of the file lies at or past i");
      assertTrue(f.clippedTo(null, bytes("b")).isEmpty(), "nothing lies before b");
      assertTrue(f.clippedTo(bytes("c"), bytes("c\0")).isPresent());
      assertTrue(f.clippedTo(bytes("a"), bytes("z")).orElseThrow() == f, "wholly inside: as is");
      FileMetadata cut = f.clippedTo(bytes("c"), bytes("g")).orElseThrow();
      assertArrayEquals(FileMetadata.clipLowerKey(bytes("c")), cut.smallest());
      assertArrayEquals(FileMetadata.clipUpperKey(bytes("g")), cut.largest());
      assertTrue(cut.largestIsExclusive());
      FileMetadata again = cut.clippedTo(bytes("a"), bytes("e")).orElseThrow();
      assertArrayEquals(bytes("c"), again.clipLower(), "a clip never widens");
      assertArrayEquals(bytes("e"), again.clipUpper());
      assertTrue(cut.clippedTo(bytes("g"), null).isEmpty(), "[g, +inf) meets [c, g) nowhere");
    } finally {
      for (ReadableFile f : files) {
        f.close();
      }
    }
  }

  /** Random clips and random moves, checked against the file's entries filtered by the clip. */
  @Test
  void randomMovesMatchTheFilteredEntries() throws IOException {
    Random random = new Random(20261208L);
    TreeMap<byte[], byte[]> model = SstFixture.randomModel(random, 300, 0);
    List<byte[]> keys = new ArrayList<>(model.keySet());
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstFixture.write(view, "r.sst", model, new SstWriterOptions(256, 4, Compression.LZ4, 10));
      try (ReadableFile file = view.openRead(view.resolve("r.sst"));
          SstReader reader = SstReader.open(file, 1, null)) {
        for (int round = 0; round < 60; round++) {
          byte[] lower = random.nextInt(5) == 0 ? null : randomUserKey(random, keys);
          byte[] upper = random.nextInt(5) == 0 ? null : randomUserKey(random, keys);
          if (lower != null && upper != null && InternalKey.compareUserKeys(lower, upper) >= 0) {
            continue;
          }
          List<byte[]> kept = new ArrayList<>();
          for (byte[] k : keys) {
            byte[] user = InternalKey.userKey(k);
            if ((lower == null || InternalKey.compareUserKeys(user, lower) >= 0)
                && (upper == null || InternalKey.compareUserKeys(user, upper) < 0)) {
              kept.add(k);
            }
          }
          try (InternalIterator it = new SstView(reader, lower, upper).newIterator()) {
            walk(random, it, kept, keys);
          }
        }
      }
    }
  }

  private static byte[] randomUserKey(Random random, List<byte[]> keys) {
    byte[] k = InternalKey.userKey(keys.get(random.nextInt(keys.size())));
    return random.nextBoolean() ? k : Arrays.copyOf(k, Math.max(1, k.length - 1));
  }

  private static void walk(
      Random random, InternalIterator it, List<byte[]> kept, List<byte[]> all) {
    int pos = -1; // index into kept; -1 invalid
    for (int step = 0; step < 40; step++) {
      int op = random.nextInt(6);
      if ((op == 4 || op == 5) && pos < 0) {
        op = random.nextInt(4);
      }
      byte[] target = all.get(random.nextInt(all.size())).clone();
      if (random.nextBoolean()) {
        InternalKey.putTrailer(
            target,
            target.length - InternalKey.TRAILER_BYTES,
            InternalKey.trailer(random.nextInt(2000), ValueType.FOR_SEEK));
      }
      switch (op) {
        case 0 -> {
          it.seekToFirst();
          pos = kept.isEmpty() ? -1 : 0;
        }
        case 1 -> {
          it.seekToLast();
          pos = kept.size() - 1;
        }
        case 2 -> {
          it.seek(target);
          pos = -1;
          for (int i = 0; i < kept.size(); i++) {
            if (InternalKey.compare(kept.get(i), target) >= 0) {
              pos = i;
              break;
            }
          }
        }
        case 3 -> {
          it.seekForPrev(target);
          pos = -1;
          for (int i = kept.size() - 1; i >= 0; i--) {
            if (InternalKey.compare(kept.get(i), target) <= 0) {
              pos = i;
              break;
            }
          }
        }
        case 4 -> {
          it.next();
          pos = pos + 1 < kept.size() ? pos + 1 : -1;
        }
        default -> {
          it.prev();
          pos = pos - 1;
        }
      }
      assertEquals(pos >= 0, it.isValid(), "op " + op + " validity");
      if (pos >= 0) {
        assertArrayEquals(
            kept.get(pos),
            Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength()));
      }
    }
  }
}
