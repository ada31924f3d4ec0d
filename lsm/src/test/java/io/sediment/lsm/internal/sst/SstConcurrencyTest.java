package io.sediment.lsm.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.sediment.cache.BlockCache;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One reader shared by several threads over a cache far smaller than the file, so blocks are
 * evicted while other threads read them: every answer must still match the model, and no block
 * buffer may stay allocated once everything is closed.
 */
class SstConcurrencyTest {

  @TempDir Path dir;

  @Test
  void sharedReaderUnderConstantEvictionAnswersCorrectly() throws Exception {
    long seed = 4242;
    System.out.println("seed " + seed);
    TreeMap<byte[], byte[]> model = SstFixture.randomModel(new Random(seed), 1500, 200);
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(model.entrySet());
    PooledByteBufAllocator allocator = SstFixture.countingAllocator();
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstFixture.write(view, "c.sst", model, new SstWriterOptions(512, 8, Compression.LZ4, 10));
      BlockCache cache = BlockCache.create(8 * 1024, allocator);
      try (ReadableFile file = view.openRead(view.resolve("c.sst"));
          SstReader reader = SstReader.open(file, 1, cache)) {
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Random random = new Random(seed + t);
          Thread worker =
              new Thread(
                  () -> {
                    try {
                      start.await();
                      readRandomly(reader, entries, random);
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  });
          workers.add(worker);
          worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
          worker.join();
        }
        if (failure.get() != null) {
          throw new AssertionError("a reader thread failed", failure.get());
        }
        assertTrue(cache.stats().evictions() > 0, "blocks were evicted: " + cache.stats());
      } finally {
        cache.close();
      }
      assertEquals(0, SstFixture.liveAllocations(allocator), "every block buffer was released");
    }
  }

  private static void readRandomly(
      SstReader reader, List<Map.Entry<byte[], byte[]>> entries, Random random) throws Exception {
    try (InternalIterator it = reader.newIterator()) {
      for (int op = 0; op < 800; op++) {
        int index = random.nextInt(entries.size());
        Map.Entry<byte[], byte[]> e = entries.get(index);
        if (random.nextBoolean()) {
          byte[] user = InternalKey.userKey(e.getKey());
          long seq = InternalKey.sequence(e.getKey(), 0, e.getKey().length);
          byte[][] got = {null};
          reader.get(
              user,
              seq,
              (s, t, v, off, len) -> {
                assertEquals(seq, s);
                got[0] = Arrays.copyOfRange(v, off, off + len);
                return false;
              });
          assertArrayEquals(e.getValue(), got[0]);
        } else {
          it.seek(e.getKey());
          for (int step = 0; step < 3 && index + step < entries.size(); step++) {
            assertTrue(it.isValid());
            Map.Entry<byte[], byte[]> expected = entries.get(index + step);
            assertArrayEquals(expected.getKey(), Arrays.copyOf(it.keyArray(), it.keyLength()));
            assertArrayEquals(
                expected.getValue(),
                Arrays.copyOfRange(
                    it.valueArray(), it.valueOffset(), it.valueOffset() + it.valueLength()));
            it.next();
          }
        }
      }
    }
  }
}
