package io.sediment.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BlockCacheTest {

  /** A pooled heap allocator without thread caches, so its live allocations can be counted. */
  static PooledByteBufAllocator countingAllocator() {
    return new PooledByteBufAllocator(false, 1, 0, 8192, 9, 0, 0, false);
  }

  static long liveAllocations(PooledByteBufAllocator allocator) {
    return allocator.metric().heapArenas().stream()
        .mapToLong(PoolArenaMetric::numActiveAllocations)
        .sum();
  }

  /** A block whose every byte is derived from its key, so a reader can check what it got. */
  private static BlockCache.BlockLoader patternLoader(
      BlockCache cache, int size, AtomicLong loads) {
    return (fileId, offset) -> {
      loads.incrementAndGet();
      byte[] bytes = new byte[size];
      for (int i = 0; i < size; i++) {
        bytes[i] = pattern(fileId, offset, i);
      }
      // One bulk write: the paranoid leak detector records a stack trace per buffer call.
      return cache.allocator().heapBuffer(size).writeBytes(bytes);
    };
  }

  private static byte pattern(long fileId, long offset, int i) {
    return (byte) (fileId * 31 + offset * 7 + i);
  }

  private static void checkPattern(ByteBuf buf, long fileId, long offset, int size) {
    assertEquals(size, buf.readableBytes());
    byte[] array = buf.array();
    int base = buf.arrayOffset() + buf.readerIndex();
    for (int i = 0; i < size; i++) {
      if (array[base + i] != pattern(fileId, offset, i)) {
        throw new AssertionError("wrong byte " + i + " of block " + fileId + "@" + offset);
      }
    }
  }

  @Test
  void hitsMissesAndBytesAreExact() throws IOException {
    PooledByteBufAllocator allocator = countingAllocator();
    try (BlockCache cache = BlockCache.create(1 << 20, allocator)) {
      AtomicLong loads = new AtomicLong();
      BlockCache.BlockLoader loader = patternLoader(cache, 1000, loads);
      long file = cache.newFileId();
      for (int round = 0; round < 3; round++) {
        for (long off = 0; off < 10; off++) {
          ByteBuf b = cache.getOrLoad(file, off * 1000, loader);
          checkPattern(b, file, off * 1000, 1000);
          assertEquals(2, b.refCnt(), "cache reference plus the caller's");
          b.release();
        }
      }
      BlockCache.Stats stats = cache.stats();
      assertEquals(20, stats.hits());
      assertEquals(10, stats.misses());
      assertEquals(0, stats.evictions());
      assertEquals(10, stats.entries());
      assertEquals(10, loads.get());
      assertEquals(10_000, stats.bytes());
      assertEquals(10, liveAllocations(allocator));
    }
    assertEquals(0, liveAllocations(allocator));
  }

  @Test
  void evictsToStayUnderBudget() throws IOException {
    long capacity = 64 * 1024;
    try (BlockCache cache = BlockCache.create(capacity)) {
      AtomicLong loads = new AtomicLong();
      BlockCache.BlockLoader loader = patternLoader(cache, 4000, loads);
      long file = cache.newFileId();
      for (long off = 0; off < 200; off++) {
        ByteBuf b = cache.getOrLoad(file, off, loader);
        checkPattern(b, file, off, 4000);
        b.release();
        BlockCache.Stats stats = cache.stats();
        assertTrue(
            stats.bytes() + stats.entries() * BlockCache.ENTRY_OVERHEAD <= capacity,
            "over budget: " + stats);
      }
      BlockCache.Stats stats = cache.stats();
      assertEquals(200, stats.misses());
      assertEquals(200 - stats.entries(), stats.evictions(), "every load not resident was evicted");
      assertTrue(stats.evictions() > 150, "evictions " + stats.evictions());
    }
  }

  @Test
  void evictedBufferHeldByReaderStaysValid() throws IOException {
    try (BlockCache cache = BlockCache.create(10_000)) {
      AtomicLong loads = new AtomicLong();
      BlockCache.BlockLoader loader = patternLoader(cache, 4000, loads);
      long file = cache.newFileId();
      ByteBuf held = cache.getOrLoad(file, 0, loader);
      for (long off = 1; off < 20; off++) {
        cache.getOrLoad(file, off, loader).release();
      }
      cache.stats();
      assertNull(cache.getIfPresent(file, 0), "block 0 was evicted");
      assertEquals(1, held.refCnt(), "only the reader's reference is left");
      checkPattern(held, file, 0, 4000);
      held.release();
      assertEquals(0, held.refCnt());
    }
  }

  @Test
  void invalidateFileDropsOnlyThatFile() throws IOException {
    try (BlockCache cache = BlockCache.create(1 << 20)) {
      AtomicLong loads = new AtomicLong();
      BlockCache.BlockLoader loader = patternLoader(cache, 100, loads);
      long a = cache.newFileId();
      long b = cache.newFileId();
      assertNotEquals(a, b);
      for (long off = 0; off < 5; off++) {
        cache.getOrLoad(a, off, loader).release();
        cache.getOrLoad(b, off, loader).release();
      }
      cache.invalidateFile(a);
      assertNull(cache.getIfPresent(a, 0));
      ByteBuf kept = cache.getIfPresent(b, 0);
      assertNotNull(kept);
      kept.release();
      BlockCache.Stats stats = cache.stats();
      assertEquals(5, stats.entries());
      assertEquals(0, stats.evictions(), "invalidation is not eviction");
    }
  }

  @Test
  void failedLoadCachesNothing() {
    try (BlockCache cache = BlockCache.create(1 << 20)) {
      long file = cache.newFileId();
      IOException thrown =
          assertThrows(
              IOException.class,
              () ->
                  cache.getOrLoad(
                      file,
                      0,
                      (f, o) -> {
                        throw new IOException("disk on fire");
                      }));
      assertEquals("disk on fire", thrown.getMessage());
      assertEquals(0, cache.stats().entries());
    }
  }

  @Test
  void zeroCapacityCachesNothingButServesLoads() throws IOException {
    try (BlockCache cache = BlockCache.create(0)) {
      AtomicLong loads = new AtomicLong();
      BlockCache.BlockLoader loader = patternLoader(cache, 100, loads);
      long file = cache.newFileId();
      for (int i = 0; i < 3; i++) {
        ByteBuf b = cache.getOrLoad(file, 7, loader);
        checkPattern(b, file, 7, 100);
        b.release();
      }
      assertEquals(3, loads.get());
      assertEquals(0, cache.stats().entries());
    }
  }

  @Test
  void concurrentReadersUnderConstantEvictionNeverSeeReleasedBlocks() throws Exception {
    long seed = 20261124L;
    System.out.println("seed " + seed);
    int threads = 4;
    int opsPerThread = 5_000;
    int blockSize = 512;
    // Room for about 8 blocks while readers touch 64: almost every load evicts something.
    PooledByteBufAllocator allocator = countingAllocator();
    try (BlockCache cache =
        BlockCache.create(8 * (blockSize + BlockCache.ENTRY_OVERHEAD), allocator)) {
      AtomicLong loads = new AtomicLong();
      BlockCache.BlockLoader loader = patternLoader(cache, blockSize, loads);
      long file = cache.newFileId();
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
                    for (int i = 0; i < opsPerThread; i++) {
                      long off = random.nextInt(64);
                      ByteBuf b = cache.getOrLoad(file, off, loader);
                      try {
                        checkPattern(b, file, off, blockSize);
                      } finally {
                        b.release();
                      }
                    }
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
        throw new AssertionError("reader failed", failure.get());
      }
      BlockCache.Stats stats = cache.stats();
      assertEquals((long) threads * opsPerThread, stats.hits() + stats.misses());
      assertEquals(loads.get(), stats.misses());
      assertTrue(stats.evictions() > 0, "eviction happened: " + stats);
      assertTrue(stats.entries() <= 8, "entries " + stats.entries());
      assertEquals(stats.entries(), liveAllocations(allocator), "only resident blocks are live");
    }
    assertEquals(0, liveAllocations(allocator), "closing the cache released every block");
  }

  @Test
  void getIfPresentReturnsTheCachedInstanceRetained() throws IOException {
    try (BlockCache cache = BlockCache.create(1 << 20)) {
      AtomicLong loads = new AtomicLong();
      long file = cache.newFileId();
      ByteBuf first = cache.getOrLoad(file, 1, patternLoader(cache, 10, loads));
      ByteBuf again = cache.getIfPresent(file, 1);
      assertSame(first, again);
      assertEquals(3, first.refCnt());
      first.release();
      again.release();
      cache.invalidateAll();
      assertEquals(0, first.refCnt(), "invalidation released the cache's reference");
    }
  }

  @Test
  void countedProbeCountsAHitAndNothingOnAbsence() throws IOException {
    try (BlockCache cache = BlockCache.create(1 << 20)) {
      long file = cache.newFileId();
      AtomicLong loads = new AtomicLong();
      assertNull(cache.getIfPresentCounted(file, 0));
      assertEquals(
          0, cache.stats().hits() + cache.stats().misses(), "an absent probe counts nothing");
      cache.getOrLoad(file, 0, patternLoader(cache, 64, loads)).release();
      ByteBuf probed = cache.getIfPresentCounted(file, 0);
      assertNotNull(probed);
      try {
        checkPattern(probed, file, 0, 64);
      } finally {
        probed.release();
      }
      assertEquals(1, cache.stats().hits());
      assertEquals(1, cache.stats().misses());
      assertEquals(1, loads.get());
    }
  }
}
