package io.sediment.cache.disk;

import static io.sediment.cache.disk.ScenarioFiles.random;
import static io.sediment.cache.disk.ScenarioFiles.read;
import static io.sediment.cache.disk.ScenarioFiles.slice;
import static io.sediment.cache.disk.ScenarioFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool of open entry files: reuse, bound, closing on removal, and concurrent readers. */
class EntryChannelsTest {

  @TempDir Path dir;
  @TempDir Path remoteRoot;
  private final ManualClock clock = new ManualClock();

  private CacheEntry entry(String name, int index) throws Exception {
    Path file = Files.write(dir.resolve(name), new byte[] {1, 2, 3});
    SegmentKey key = new SegmentKey(new FileIdentity("/remote/" + name, 3, ""), index);
    return new CacheEntry(key, file, 0, 3, 3, new int[1], 3);
  }

  @Test
  void readersShareOneChannelWhichClosesAfterTheLastReaderOnceRemoved() throws Exception {
    EntryChannels channels = new EntryChannels(8);
    CacheEntry e = entry("a", 0);
    EntryChannels.Handle first = channels.acquire(e);
    EntryChannels.Handle second = channels.acquire(e);
    assertSame(first, second);
    assertEquals(1, channels.openCount());

    channels.close(e); // the entry left the cache while two reads are under way
    assertEquals(0, channels.openCount());
    assertTrue(first.channel.isOpen(), "never closed under a reader");
    first.release();
    assertTrue(second.channel.isOpen());
    second.release();
    assertFalse(second.channel.isOpen());

    EntryChannels.Handle again = channels.acquire(e);
    assertNotSame(first, again, "a removed channel is never handed out again");
    again.release();
    assertTrue(again.channel.isOpen(), "pooled until removed");
    channels.close();
    assertFalse(again.channel.isOpen());
  }

  @Test
  void keepsAtMostTheBoundOpen() throws Exception {
    EntryChannels channels = new EntryChannels(2);
    List<EntryChannels.Handle> handles = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      EntryChannels.Handle h = channels.acquire(entry("f" + i, i));
      handles.add(h);
      h.release();
    }
    assertTrue(channels.openCount() <= 2, "open: " + channels.openCount());
    long stillOpen = handles.stream().filter(h -> h.channel.isOpen()).count();
    assertEquals(channels.openCount(), stillOpen, "every unpooled channel is closed");
  }

  @Test
  void withNoPoolEveryReadOpensAndClosesItsOwn() throws Exception {
    EntryChannels channels = new EntryChannels(0);
    EntryChannels.Handle h = channels.acquire(entry("z", 0));
    assertTrue(h.channel.isOpen());
    h.release();
    assertFalse(h.channel.isOpen());
  }

  @Test
  void aMissingFileIsReportedAsSuch() throws Exception {
    EntryChannels channels = new EntryChannels(4);
    CacheEntry e = entry("gone", 0);
    Files.delete(e.file());
    assertThrows(NoSuchFileException.class, () -> channels.acquire(e));
    assertEquals(0, channels.openCount());
  }

  @Test
  void rejectsANegativeBound() {
    assertThrows(IllegalArgumentException.class, () -> new EntryChannels(-1));
    assertThrows(
        IllegalArgumentException.class, () -> FileCacheOptions.defaults().withMaxOpenFiles(-1));
  }

  private FileSystemView remote() throws Exception {
    return FileSystemView.open(
        Files.createDirectories(remoteRoot.resolve("remote")).toUri().toString(), null);
  }

  private LocalFileCache cache(int maxOpen, long capacity) {
    return LocalFileCache.open(
        dir.resolve("cache"),
        capacity,
        FileCacheOptions.defaults()
            .withSegmentBytes(FileCacheFixture.SEGMENT)
            .withChecksumChunkBytes(FileCacheFixture.CHUNK)
            .withMaxOpenFiles(maxOpen),
        clock,
        Runnable::run); // loads finish before the read that missed returns: exact hit counts
  }

  @Test
  void concurrentReadersUnderConstantEvictionGetTheRightBytesWithinTheBound() throws Exception {
    Random random = new Random(0xC4A7);
    byte[] content = random(random, 40 * FileCacheFixture.SEGMENT);
    // Room for about 8 of the 40 segments, at most 3 files open: evictions and pool churn.
    try (FileSystemView view = remote();
        LocalFileCache cache = cache(3, 8L * (FileCacheFixture.SEGMENT + 2048))) {
      org.apache.hadoop.fs.Path path = write(view, "hot.sst", content);
      try (ReadableFile file = cache.open(view, path)) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < 4; t++) {
            long seed = 100 + t;
            done.add(
                pool.submit(
                    () -> {
                      Random r = new Random(seed);
                      for (int i = 0; i < 400; i++) {
                        // Skewed towards the first segments, so some are read again and again.
                        int segment = Math.min(39, (int) Math.abs(r.nextGaussian() * 6));
                        long pos = (long) segment * FileCacheFixture.SEGMENT + r.nextInt(9000);
                        int len = 1 + r.nextInt(12_000);
                        assertArrayEquals(slice(content, pos, len), read(file, pos, len));
                      }
                      return null;
                    }));
          }
          for (Future<?> f : done) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
        FileCacheStats stats = cache.stats();
        assertTrue(stats.hits() > 0 && stats.evictions() > 0, stats.toString());
        assertEquals(0, stats.fallbacks(), stats.toString());
        assertEquals(0, stats.corruptionsDetected(), stats.toString());
        assertTrue(cache.readPath().openChannels() <= 3, "within the bound");
        cache.invalidate(path);
        assertEquals(0, cache.readPath().openChannels(), "closed with their entries");
      }
    }
  }

  @Test
  void anInterruptedReaderDoesNotDisableTheCacheForOthers() throws Exception {
    Random random = new Random(0x1A7E);
    byte[] content = random(random, 3 * FileCacheFixture.SEGMENT);
    try (FileSystemView view = remote();
        LocalFileCache cache = cache(16, 1 << 20)) {
      org.apache.hadoop.fs.Path path = write(view, "i.sst", content);
      try (ReadableFile file = cache.open(view, path)) {
        assertArrayEquals(slice(content, 100, 500), read(file, 100, 500)); // loads segment 0
        long hits = cache.stats().hits();
        assertArrayEquals(slice(content, 700, 500), read(file, 700, 500)); // shared channel
        assertEquals(hits + 1, cache.stats().hits());

        // An interrupted thread's read closes the channel it reads through, for every sharer.
        // Its own read may then fail (the remote read is interrupted too); others must not.
        AtomicReference<byte[]> got = new AtomicReference<>();
        Thread interrupted =
            new Thread(
                () -> {
                  Thread.currentThread().interrupt();
                  try {
                    got.set(read(file, 2000, 500));
                  } catch (IOException | Error | RuntimeException e) {
                    // The interrupted caller's own problem.
                  }
                });
        interrupted.start();
        interrupted.join();
        if (got.get() != null) {
          assertArrayEquals(slice(content, 2000, 500), got.get());
        }

        long hitsBefore = cache.stats().hits();
        assertArrayEquals(slice(content, 4000, 500), read(file, 4000, 500));
        FileCacheStats stats = cache.stats();
        assertEquals(hitsBefore + 1, stats.hits(), "still served locally: " + stats);
        assertEquals(0, stats.fallbacks(), stats.toString());
        assertTrue(stats.enabled());
      }
    }
  }
}
