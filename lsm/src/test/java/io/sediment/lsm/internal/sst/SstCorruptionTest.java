package io.sediment.lsm.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.cache.BlockCache;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a valid SST (one flipped byte in every region, or a truncation) and checks that every
 * open and read either fails with a {@link CorruptionException} naming the file and an offset, or
 * answers exactly as the undamaged file would. Never a wrong answer.
 */
class SstCorruptionTest {

  @TempDir Path dir;

  private int fileCounter;

  @Test
  void flippedBytesInEveryRegionAreDetected() throws IOException {
    long seed = 99;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    for (Compression compression : Compression.values()) {
      try (FileSystemView view = SstFixture.localView(dir)) {
        TreeMap<byte[], byte[]> model = SstFixture.randomModel(random, 200, 300);
        byte[] original = writeOriginal(view, model, compression);
        Footer footer =
            Footer.decode(
                Arrays.copyOfRange(
                    original, original.length - SstFormat.FOOTER_BYTES, original.length));
        Map<String, long[]> regions = new LinkedHashMap<>();
        long dataEnd =
            Math.min(
                footer.filter().offset(),
                Math.min(footer.rangeDel().offset(), footer.index().offset()));
        regions.put("data", new long[] {0, dataEnd});
        regions.put("filter", range(footer.filter()));
        regions.put("range-del", range(footer.rangeDel()));
        regions.put("index", range(footer.index()));
        regions.put("properties", range(footer.properties()));
        regions.put(
            "footer", new long[] {original.length - SstFormat.FOOTER_BYTES, original.length});
        for (Map.Entry<String, long[]> region : regions.entrySet()) {
          long from = region.getValue()[0];
          long to = region.getValue()[1];
          assertTrue(to > from, region.getKey() + " region is not empty");
          List<Long> offsets = new ArrayList<>(List.of(from, to - 1));
          for (int i = 0; i < 25; i++) {
            offsets.add(from + (long) (random.nextDouble() * (to - from)));
          }
          for (long offset : offsets) {
            byte[] damaged = original.clone();
            damaged[(int) offset] ^= (byte) (1 << random.nextInt(8));
            Outcome outcome = check(view, damaged, model, random.nextBoolean());
            assertTrue(
                outcome != Outcome.INTACT,
                compression
                    + ": flip at "
                    + offset
                    + " in the "
                    + region.getKey()
                    + " went unnoticed");
          }
        }
      }
    }
  }

  @Test
  void truncatedFilesAreDetected() throws IOException {
    long seed = 100;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    try (FileSystemView view = SstFixture.localView(dir)) {
      TreeMap<byte[], byte[]> model = SstFixture.randomModel(random, 200, 300);
      byte[] original = writeOriginal(view, model, Compression.LZ4);
      List<Integer> lengths =
          new ArrayList<>(
              List.of(
                  0,
                  1,
                  original.length - 1,
                  original.length - SstFormat.FOOTER_BYTES,
                  original.length - SstFormat.FOOTER_BYTES - 1));
      for (int i = 0; i < 40; i++) {
        lengths.add(random.nextInt(original.length));
      }
      for (int length : lengths) {
        Outcome outcome = check(view, Arrays.copyOf(original, length), model, false);
        assertEquals(Outcome.REJECTED_AT_OPEN, outcome, "truncation to " + length + " bytes");
      }
      assertEquals(Outcome.INTACT, check(view, original, model, true), "the undamaged copy reads");
    }
  }

  @Test
  void undecompressableBlockWithAGoodChecksumSaysWhyInPlainWords() throws IOException {
    try (FileSystemView view = SstFixture.localView(dir)) {
      // Repetitive values, so that LZ4 shrinks the blocks and the writer keeps them compressed.
      TreeMap<byte[], byte[]> model = SstFixture.newModel();
      for (int i = 0; i < 300; i++) {
        model.put(SstFixture.ikey(String.format("key%05d", i), i + 1, ValueType.PUT), new byte[40]);
      }
      byte[] damaged = writeOriginal(view, model, Compression.LZ4);
      Footer footer =
          Footer.decode(
              Arrays.copyOfRange(damaged, damaged.length - SstFormat.FOOTER_BYTES, damaged.length));
      Files.write(dir.resolve("intact.sst"), damaged);
      IndexTable index;
      try (ReadableFile intact = view.openRead(view.resolve("intact.sst"))) {
        index =
            IndexTable.decode(
                BlockReader.readToArray(intact, footer.index()),
                Math.min(
                    footer.filter().offset(),
                    Math.min(footer.rangeDel().offset(), footer.index().offset())));
      }
      // The first data block's payload (after its length prefix) becomes garbage that LZ4
      // refuses; its checksum is recomputed so that only decompression can notice.
      int start = (int) index.offset(0);
      int stored = index.size(0);
      assertEquals(Compression.LZ4.code(), damaged[start + stored], "block 0 is compressed");
      Decoder lengthPrefix = new Decoder(damaged, start, stored);
      lengthPrefix.varint64();
      int prefix = lengthPrefix.position();
      Arrays.fill(damaged, start + prefix, start + stored, (byte) 0xFF);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(damaged, start, stored + 1);
      Coding.putIntLE(damaged, start + stored + 1, (int) crc.getValue());
      String name = "undecompressable.sst";
      Files.write(dir.resolve(name), damaged);
      try (ReadableFile file = view.openRead(view.resolve(name));
          SstReader reader = SstReader.open(file, 1, null)) {
        UncheckedIOException thrown =
            org.junit.jupiter.api.Assertions.assertThrows(
                UncheckedIOException.class, () -> readEverything(reader, model));
        CorruptionException e = (CorruptionException) thrown.getCause();
        assertTrue(e.getMessage().contains("LZ4 block does not decompress: "), e.getMessage());
        assertTrue(!e.getMessage().contains("Exception"), "no class name: " + e.getMessage());
        assertEquals(start, e.offset(), e.getMessage());
        assertTrue(e.getCause() != null, "keeps the decompressor's error as the cause");
      }
    }
  }

  private enum Outcome {
    REJECTED_AT_OPEN,
    REJECTED_ON_READ,
    INTACT
  }

  private static long[] range(BlockHandle h) {
    return new long[] {h.offset(), h.end()};
  }

  private byte[] writeOriginal(
      FileSystemView view, TreeMap<byte[], byte[]> model, Compression compression)
      throws IOException {
    String name = "original-" + (fileCounter++) + ".sst";
    SstWriter writer =
        new SstWriter(
            view.create(view.resolve(name)), new SstWriterOptions(256, 4, compression, 10));
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      writer.add(e.getKey(), e.getValue());
    }
    writer.addRangeTombstone(new RangeTombstone(SstFixture.bytes("b"), SstFixture.bytes("c"), 7));
    writer.finish();
    return view.readAll(view.resolve(name));
  }

  /**
   * Opens and fully reads {@code bytes} as an SST; every answer must match the model, every failure
   * must be a corruption error naming the file and an offset.
   */
  private Outcome check(
      FileSystemView view, byte[] bytes, TreeMap<byte[], byte[]> model, boolean cached)
      throws IOException {
    String name = "damaged-" + (fileCounter++) + ".sst";
    // Written directly (no fsync per file: hundreds of them); read back through the view.
    Files.write(dir.resolve(name), bytes);
    org.apache.hadoop.fs.Path path = view.resolve(name);
    BlockCache cache = cached ? BlockCache.create(1 << 20) : null;
    try (ReadableFile file = view.openRead(path)) {
      SstReader reader;
      try {
        reader = SstReader.open(file, 1, cache);
      } catch (CorruptionException e) {
        checkNamesFileAndOffset(e, path);
        return Outcome.REJECTED_AT_OPEN;
      }
      try (reader) {
        try {
          readEverything(reader, model);
        } catch (CorruptionException e) {
          checkNamesFileAndOffset(e, path);
          return Outcome.REJECTED_ON_READ;
        } catch (UncheckedIOException e) {
          assertTrue(e.getCause() instanceof CorruptionException, "cause: " + e.getCause());
          checkNamesFileAndOffset((CorruptionException) e.getCause(), path);
          return Outcome.REJECTED_ON_READ;
        }
        try {
          reader.verifyChecksums();
        } catch (CorruptionException e) {
          checkNamesFileAndOffset(e, path);
          return Outcome.REJECTED_ON_READ;
        }
        return Outcome.INTACT;
      }
    } finally {
      if (cache != null) {
        cache.close();
      }
    }
  }

  private static void checkNamesFileAndOffset(
      CorruptionException e, org.apache.hadoop.fs.Path path) {
    assertTrue(e.file().endsWith(path.getName()), "names the file: " + e.getMessage());
    assertTrue(e.offset() >= 0, "names an offset: " + e.getMessage());
    assertTrue(e.getMessage().contains(path.getName()), e.getMessage());
  }

  private static void readEverything(SstReader reader, TreeMap<byte[], byte[]> model)
      throws IOException {
    List<Map.Entry<byte[], byte[]>> expected = new ArrayList<>(model.entrySet());
    try (InternalIterator it = reader.newIterator()) {
      int i = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        Map.Entry<byte[], byte[]> e = expected.get(i++);
        assertArrayEquals(
            e.getKey(),
            Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength()));
        assertArrayEquals(
            e.getValue(),
            Arrays.copyOfRange(
                it.valueArray(), it.valueOffset(), it.valueOffset() + it.valueLength()));
      }
      assertEquals(expected.size(), i, "a damaged file must not lose entries silently");
    }
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      byte[] user = InternalKey.userKey(e.getKey());
      long seq = InternalKey.sequence(e.getKey(), 0, e.getKey().length);
      ValueType type = InternalKey.type(e.getKey(), 0, e.getKey().length);
      boolean[] found = {false};
      reader.get(
          user,
          seq,
          (s, t, v, off, len) -> {
            assertEquals(seq, s);
            assertEquals(type, t);
            assertArrayEquals(e.getValue(), Arrays.copyOfRange(v, off, off + len));
            found[0] = true;
            return false;
          });
      assertTrue(found[0], "found " + InternalKey.toString(e.getKey(), 0, e.getKey().length));
    }
    assertEquals(
        List.of(new RangeTombstone(SstFixture.bytes("b"), SstFixture.bytes("c"), 7)),
        reader.rangeTombstones());
  }
}
