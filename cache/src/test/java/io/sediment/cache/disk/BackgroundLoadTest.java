package io.sediment.cache.disk;

import static io.sediment.cache.disk.ScenarioFiles.bytesOnDisk;
import static io.sediment.cache.disk.ScenarioFiles.deleteRecursively;
import static io.sediment.cache.disk.ScenarioFiles.entryFiles;
import static io.sediment.cache.disk.ScenarioFiles.random;
import static io.sediment.cache.disk.ScenarioFiles.read;
import static io.sediment.cache.disk.ScenarioFiles.slice;
import static io.sediment.cache.disk.ScenarioFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadRange;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.wrap.FaultInjectingFileSystem;
import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.LatencyFileSystem;
import io.sediment.fs.wrap.LatencyModel;
import io.sediment.fs.wrap.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a read miss is served: from remote at once, with the unit copied in the background (loads
 * held in a queue the test runs when it chooses, so every step is deterministic); one load per
 * unit, at most {@code loadThreads} at a time; the budget, invalidation and failures; and a close
 * that waits for loads under way and leaves nothing written behind it.
 */
class BackgroundLoadTest {

  private static final int SEGMENT = FileCacheFixture.SEGMENT;

  @TempDir Path cacheDir;
  @TempDir Path remoteRoot;
  private final ManualClock clock = new ManualClock();

  /** Holds submitted loads until the test runs them. */
  private static final class HeldLoads implements Executor {
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable load) {
      queued.add(load);
    }

    synchronized int size() {
      return queued.size();
    }

    void runAll() {
      for (Runnable load = next(); load != null; load = next()) {
        load.run();
      }
    }

    private synchronized Runnable next() {
      return queued.poll();
    }
  }

  private FileSystemView remote() throws IOException {
    Path dir = Files.createDirectories(remoteRoot.resolve("remote"));
    return FileSystemView.open(dir.toUri().toString(), null);
  }

  private static FileCacheOptions options(int loadThreads) {
    return FileCacheOptions.defaults()
        .withSegmentBytes(SEGMENT)
        .withChecksumChunkBytes(FileCacheFixture.CHUNK)
        .withLoadThreads(loadThreads);
  }

  private static long segmentDiskBytes(ReadableFile file) {
    FileIdentity identity = new FileIdentity(file.path().toString(), file.size(), "");
    return EntryFormat.diskBytes(identity, SEGMENT, FileCacheFixture.CHUNK);
  }

  private static List<Path> tempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(EntryFormat.TEMP_PREFIX)).toList();
    }
  }

  @Test
  void aMissIsServedFromRemoteAtOnceAndItsUnitIsLoadedOnceInTheBackground() throws Exception {
    byte[] content = random(new Random(0xB6), 3 * SEGMENT);
    HeldLoads loads = new HeldLoads();
    try (FileSystemView view = remote();
        LocalFileCache cache = LocalFileCache.open(cacheDir, 1 << 20, options(2), clock, loads)) {
      ReadableFile file = cache.open(view.openRead(write(view, "a.sst", content)));
      long unit = segmentDiskBytes(file);

      assertArrayEquals(slice(content, 10, 100), read(file, 10, 100));
      FileCacheStats first = cache.stats();
      assertEquals(1, first.misses());
      assertEquals(100, first.bytesReadRemote(), "only the bytes asked for, so far");
      assertEquals(0, first.entries());
      assertEquals(unit, first.usedBytes(), "the load's room is reserved when it starts");
      assertEquals(1, loads.size());

      assertArrayEquals(slice(content, 300, 50), read(file, 300, 50));
      assertEquals(1, loads.size(), "a miss on a unit already loading starts no second load");
      assertEquals(2, cache.stats().misses());

      loads.runAll();
      FileCacheStats loaded = cache.stats();
      assertEquals(1, loaded.entries());
      assertEquals(1, loaded.admissions());
      assertEquals(unit, loaded.usedBytes());
      assertEquals(150 + SEGMENT, loaded.bytesReadRemote(), "the two reads and the unit");
      assertEquals(0, cache.loadsInFlight());

      assertArrayEquals(slice(content, 20, 500), read(file, 20, 500));
      assertEquals(1, cache.stats().hits());
      assertEquals(500, cache.stats().bytesReadLocal());
      assertEquals(0, loads.size());
      file.close();
    }
  }

  @Test
  void batchedRangeReadsServeCopiesLocallyAndHandTheRestToRemoteInOneCall() throws Exception {
    byte[] content = random(new Random(0xB7), 4 * SEGMENT);
    HeldLoads loads = new HeldLoads();
    try (FileSystemView view = remote();
        LocalFileCache cache = LocalFileCache.open(cacheDir, 1 << 20, options(4), clock, loads)) {
      ReadableFile file = cache.open(view.openRead(write(view, "b.sst", content)));
      // Unit 0 is copied first; the batch then has a range in it, one in unit 2 and one that
      // straddles units 2 and 3.
      read(file, 0, 10);
      loads.runAll();
      long remoteBefore = cache.stats().bytesReadRemote();
      long hitsBefore = cache.stats().hits();
      List<ReadRange> ranges = new ArrayList<>();
      ranges.add(new ReadRange(3L * SEGMENT - 40, new byte[100], 0, 100));
      ranges.add(new ReadRange(SEGMENT / 2, new byte[60], 0, 60));
      ranges.add(new ReadRange(2L * SEGMENT + 5, new byte[30], 0, 30));
      file.readRanges(ranges).join();
      for (ReadRange r : ranges) {
        assertArrayEquals(slice(content, (int) r.position(), r.length()), r.dst());
      }
      assertEquals(hitsBefore + 1, cache.stats().hits(), "unit 0 served the range inside it");
      assertEquals(130, cache.stats().bytesReadRemote() - remoteBefore, "the rest from remote");
      assertEquals(2, loads.size(), "units 2 and 3 load in the background, once each");
      loads.runAll();
      List<ReadRange> again = List.of(new ReadRange(3L * SEGMENT - 40, new byte[100], 0, 100));
      long remoteAfter = cache.stats().bytesReadRemote();
      file.readRanges(again).join();
      assertArrayEquals(slice(content, 3 * SEGMENT - 40, 100), again.get(0).dst());
      assertEquals(remoteAfter, cache.stats().bytesReadRemote(), "both units are local now");
      assertThrows(
          IllegalArgumentException.class,
          () ->
              file.readRanges(
                  List.of(
                      new ReadRange(0, new byte[10], 0, 10), new ReadRange(9, new byte[4], 0, 4))));
      file.close();
    }
  }

  @Test
  void noMoreLoadsThanLoadThreadsAreUnderWayAndAMissBeyondReservesNothing() throws Exception {
    byte[] content = random(new Random(0xB7), 4 * SEGMENT);
    HeldLoads loads = new HeldLoads();
    try (FileSystemView view = remote();
        LocalFileCache cache = LocalFileCache.open(cacheDir, 1 << 20, options(2), clock, loads)) {
      ReadableFile file = cache.open(view.openRead(write(view, "b.sst", content)));
      long unit = segmentDiskBytes(file);
      read(file, 5, 10);
      read(file, SEGMENT + 5, 10);
      assertEquals(2, loads.size());
      assertEquals(2 * unit, cache.stats().usedBytes());

      assertArrayEquals(slice(content, 2 * SEGMENT + 5, 10), read(file, 2 * SEGMENT + 5, 10));
      assertEquals(2, loads.size(), "two loads are under way already");
      assertEquals(2 * unit, cache.stats().usedBytes(), "nothing reserved for the third");
      assertEquals(0, cache.stats().admissionsRejected(), "not a refusal by admission");

      loads.runAll();
      assertEquals(2, cache.stats().entries());
      read(file, 2 * SEGMENT + 5, 10); // the unit skipped before is tried again
      assertEquals(1, loads.size());
      loads.runAll();
      assertEquals(3, cache.stats().entries());
      assertEquals(3 * unit, cache.stats().usedBytes());
      file.close();
    }
  }

  @Test
  void aLoadOfAFileInvalidatedOrClosedMeanwhileLeavesNothing() throws Exception {
    byte[] content = random(new Random(0xB8), 2 * SEGMENT);
    HeldLoads loads = new HeldLoads();
    try (FileSystemView view = remote();
        LocalFileCache cache = LocalFileCache.open(cacheDir, 1 << 20, options(4), clock, loads)) {
      org.apache.hadoop.fs.Path gone = write(view, "gone.sst", content);
      ReadableFile invalidated = cache.open(view.openRead(gone));
      read(invalidated, 0, 10);
      cache.invalidate(gone); // the file left the store while its unit was loading

      ReadableFile closed = cache.open(view.openRead(write(view, "closed.sst", content)));
      read(closed, SEGMENT, 10);
      closed.close(); // and this one was closed for good

      assertEquals(2, loads.size());
      loads.runAll();
      FileCacheStats stats = cache.stats();
      assertEquals(0, stats.entries());
      assertEquals(0, stats.admissions());
      assertEquals(0, stats.usedBytes(), "both reservations went back to the budget");
      assertEquals(0, stats.fallbacks(), "neither is a local failure");
      assertTrue(stats.enabled());
      assertEquals(List.of(), entryFiles(cacheDir));
      assertEquals(List.of(), tempFiles(cacheDir));
      invalidated.close();
    }
  }

  @Test
  void aRemoteFailureDropsTheLoadQuietly() throws Exception {
    byte[] content = random(new Random(0xB9), 2 * SEGMENT);
    HeldLoads loads = new HeldLoads();
    try (FileSystemView base = remote()) {
      org.apache.hadoop.fs.Path path = write(base, "flaky.sst", content);
      FaultInjectingFileSystem faults = new FaultInjectingFileSystem(base.hadoopFileSystem());
      FileSystemView view = FileSystemView.wrap(faults, base.root());
      try (LocalFileCache cache =
          LocalFileCache.open(cacheDir, 1 << 20, options(4), clock, loads)) {
        ReadableFile file = cache.open(view.openRead(path));
        assertArrayEquals(slice(content, 7, 70), read(file, 7, 70));
        faults.failWhen((op, p) -> op == FsOp.READ);
        loads.runAll();
        FileCacheStats stats = cache.stats();
        assertEquals(0, stats.entries());
        assertEquals(0, stats.usedBytes());
        assertEquals(0, stats.fallbacks(), "a remote failure is not a cache failure");
        assertEquals(70, stats.bytesReadRemote(), "nothing of the unit was read");
        assertEquals(List.of(), tempFiles(cacheDir));
        assertThrows(IOException.class, () -> read(file, 7, 70), "readers see remote errors");
        faults.reset();
        loads.runAll(); // the load that second miss started, which now succeeds
        assertEquals(1, cache.stats().entries());
        file.close();
      }
    }
  }

  @Test
  void aLocalFailureDuringALoadDisablesTheCacheAndTheReaderHasItsBytes() throws Exception {
    byte[] content = random(new Random(0xBA), 2 * SEGMENT);
    HeldLoads loads = new HeldLoads();
    Path dir = cacheDir.resolve("sub");
    try (FileSystemView view = remote();
        LocalFileCache cache = LocalFileCache.open(dir, 1 << 20, options(4), clock, loads)) {
      ReadableFile file = cache.open(view.openRead(write(view, "l.sst", content)));
      assertArrayEquals(slice(content, 1, 1000), read(file, 1, 1000));
      deleteRecursively(dir);
      loads.runAll();
      FileCacheStats stats = cache.stats();
      assertEquals(1, stats.fallbacks());
      assertFalse(stats.enabled());
      assertEquals(0, stats.usedBytes());
      assertArrayEquals(slice(content, 1, 1000), read(file, 1, 1000), "served from remote");
      file.close();
    }
  }

  @Test
  void closeStopsLoadsThatHaveNotStartedAndWritesNothing() throws Exception {
    byte[] content = random(new Random(0xBB), 2 * SEGMENT);
    HeldLoads loads = new HeldLoads();
    try (FileSystemView view = remote()) {
      LocalFileCache cache = LocalFileCache.open(cacheDir, 1 << 20, options(4), clock, loads);
      ReadableFile file = cache.open(view.openRead(write(view, "q.sst", content)));
      read(file, 0, 10);
      read(file, SEGMENT, 10);
      Thread closer = new Thread(cache::close, "closer");
      closer.start();
      while (!cache.loadsStopped()) {
        Thread.onSpinWait();
      }
      assertTrue(closer.isAlive(), "close waits for the loads it knows of");
      loads.runAll();
      closer.join();
      assertEquals(0, cache.loadsInFlight());
      assertEquals(0, cache.stats().usedBytes());
      assertEquals(List.of(), entryFiles(cacheDir));
      assertEquals(List.of(), tempFiles(cacheDir));
      assertArrayEquals(slice(content, 0, 10), read(file, 0, 10), "closed: served from remote");
      assertEquals(0, loads.size(), "a closed cache starts no load");
      file.close();
    }
  }

  @Test
  void closeWaitsForALoadUnderWayWhichThenWritesNothing() throws Exception {
    byte[] content = random(new Random(0xBC), 2 * SEGMENT);
    CountDownLatch loadReading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // One nanosecond per byte: only a unit's copy (a whole segment) reaches the latch.
    Sleeper holdUnitCopies =
        nanos -> {
          if (nanos < SEGMENT) {
            return;
          }
          loadReading.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while held");
          }
        };
    try (FileSystemView base = remote()) {
      org.apache.hadoop.fs.Path path = write(base, "slow.sst", content);
      LatencyFileSystem slow =
          new LatencyFileSystem(
              base.hadoopFileSystem(),
              LatencyModel.none().withBandwidth(1_000_000_000L),
              holdUnitCopies);
      FileSystemView view = FileSystemView.wrap(slow, base.root());
      LocalFileCache cache = LocalFileCache.open(cacheDir, 1 << 20, options(4), clock);
      ReadableFile file = cache.open(view.openRead(path));
      assertArrayEquals(slice(content, 3, 300), read(file, 3, 300), "not held up by the load");
      loadReading.await();

      Thread closer = new Thread(cache::close, "closer");
      closer.start();
      while (!cache.loadsStopped()) {
        Thread.onSpinWait();
      }
      assertTrue(closer.isAlive(), "close waits while the load is held in its remote read");
      release.countDown();
      closer.join();

      FileCacheStats stats = cache.stats();
      assertEquals(0, stats.admissions());
      assertEquals(0, stats.usedBytes());
      assertEquals(0, cache.loadsInFlight());
      assertEquals(List.of(), entryFiles(cacheDir));
      assertEquals(List.of(), tempFiles(cacheDir));
      assertEquals(0, bytesOnDisk(cacheDir));
      file.close();
    }
  }

  @Test
  void loadThreadsMustBePositive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FileCacheOptions.defaults().withLoadThreads(0));
    assertTrue(e.getMessage().contains("loadThreads"), e.getMessage());
    assertEquals(4, FileCacheOptions.defaults().loadThreads());
  }
}
