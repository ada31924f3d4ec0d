package io.sediment.lsm.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.sediment.cache.BlockCache;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.internal.InternalIterator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Iterators that do not fill the block cache (compaction's) still read everything and use it. */
class SstScanCacheTest {

  @TempDir Path dir;

  @Test
  void aScanThatDoesNotFillTheCacheLeavesItEmptyAndReadsEveryEntry() throws IOException {
    withReader(
        (reader, cache, model) -> {
          scanAll(reader, false, model);
          assertEquals(0, cache.stats().entries(), "nothing cached: " + cache.stats());
          assertEquals(0, cache.stats().bytes(), "nothing cached: " + cache.stats());
        });
  }

  @Test
  void aScanThatFillsTheCacheCachesItsBlocks() throws IOException {
    withReader(
        (reader, cache, model) -> {
          scanAll(reader, true, model);
          assertTrue(cache.stats().entries() > 1, "blocks cached: " + cache.stats());
        });
  }

  @Test
  void aScanThatDoesNotFillTheCacheStillUsesWhatIsCached() throws IOException {
    withReader(
        (reader, cache, model) -> {
          scanAll(reader, true, model);
          BlockCache.Stats filled = cache.stats();
          scanAll(reader, false, model);
          BlockCache.Stats after = cache.stats();
          assertEquals(filled.entries(), after.entries(), "no block added or dropped");
          assertEquals(filled.bytes(), after.bytes(), "no block added or dropped");
        });
  }

  private interface ReaderCheck {
    void check(SstReader reader, BlockCache cache, TreeMap<byte[], byte[]> model)
        throws IOException;
  }

  /** A file of many small blocks, a cache large enough for all of them, no leak at the end. */
  private void withReader(ReaderCheck check) throws IOException {
    TreeMap<byte[], byte[]> model = SstFixture.randomModel(new Random(41), 2000, 200);
    SstWriterOptions options = new SstWriterOptions(1024, 16, Compression.LZ4, 10);
    PooledByteBufAllocator allocator = SstFixture.countingAllocator();
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstFixture.write(view, "000001.sst", model, options);
      BlockCache cache = BlockCache.create(64L << 20, allocator);
      try (ReadableFile file = view.openRead(view.resolve("000001.sst"));
          SstReader reader = SstReader.open(file, 1, cache, allocator)) {
        check.check(reader, cache, model);
      } finally {
        cache.close();
      }
      assertEquals(0, SstFixture.liveAllocations(allocator), "every block buffer was released");
    }
  }

  private static void scanAll(SstReader reader, boolean fillCache, TreeMap<byte[], byte[]> model) {
    try (InternalIterator it = reader.newIterator(fillCache)) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertTrue(it.isValid(), "an entry is missing");
        assertArrayEquals(
            e.getKey(),
            Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength()));
        assertArrayEquals(
            e.getValue(),
            Arrays.copyOfRange(
                it.valueArray(), it.valueOffset(), it.valueOffset() + it.valueLength()));
        it.next();
      }
      assertFalse(it.isValid(), "no entry beyond the model");
    }
  }
}
