package io.sediment.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.LocalTempDirs;
import io.sediment.fs.wrap.CountingFileSystem;
import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.LatencyFileSystem;
import io.sediment.fs.wrap.LatencyModel;
import io.sediment.fs.wrap.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class IdleStreamsTest {

  @Test
  void everyStreamOfAWaveOfConcurrentReadsServesTheNextWave() throws Exception {
    int readers = 16;
    CyclicBarrier allInFlight = new CyclicBarrier(readers);
    // Every read waits inside the file system until all readers are in theirs: each holds a
    // stream of its own at that moment, whatever the scheduling.
    Sleeper meet =
        nanos -> {
          try {
            allInFlight.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted at the barrier");
          } catch (BrokenBarrierException | TimeoutException e) {
            throw new IOException("readers never met: " + e, e);
          }
        };
    FileSystemView base =
        FileSystemView.open(LocalTempDirs.fresh("idle-streams"), new Configuration());
    CountingFileSystem counting = new CountingFileSystem(base.hadoopFileSystem());
    LatencyModel oneNanoPerRead = LatencyModel.none().withOp(FsOp.READ, Duration.ofNanos(1));
    FileSystemView view =
        FileSystemView.wrap(new LatencyFileSystem(counting, oneNanoPerRead, meet), base.root());
    byte[] data = new byte[64 * 1024];
    Arrays.fill(data, (byte) 7);
    Path path = view.resolve("wave.sst");
    view.writeAll(path, data);
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    try (HadoopReadableFile file = (HadoopReadableFile) view.openRead(path)) {
      counting.resetCounts();
      readConcurrently(pool, file, readers, data);
      assertEquals(readers, counting.ops(FsOp.OPEN), "the first wave opens one stream per read");
      assertEquals(readers, file.idleStreams(), "and keeps them all");
      readConcurrently(pool, file, readers, data);
      assertEquals(readers, counting.ops(FsOp.OPEN), "the second wave opens none");
      assertEquals(readers, file.idleStreams());
    } finally {
      pool.shutdownNow();
      base.close();
    }
  }

  @Test
  void theViewsConfigurationSetsTheBoundAndZeroKeepsNoStream() throws Exception {
    Configuration conf = new Configuration();
    conf.set(FileSystemView.IDLE_READ_STREAMS_KEY, "0");
    try (FileSystemView view = FileSystemView.open(LocalTempDirs.fresh("idle-none"), conf)) {
      Path path = view.resolve("one.sst");
      view.writeAll(path, new byte[] {1, 2, 3});
      try (HadoopReadableFile file = (HadoopReadableFile) view.openRead(path)) {
        byte[] got = new byte[3];
        file.readFully(0, got, 0, 3);
        file.readFully(0, got, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, got);
        assertEquals(0, file.idleStreams(), "every stream closed after its read");
      }
    }
  }

  @Test
  void aBoundThatIsNotANonNegativeIntegerIsRefusedWithKeyAndValue() {
    for (String bad : new String[] {"-1", "many", "1.5"}) {
      Configuration conf = new Configuration();
      conf.set(FileSystemView.IDLE_READ_STREAMS_KEY, bad);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> FileSystemView.open(LocalTempDirs.fresh("idle-bad"), conf));
      assertTrue(e.getMessage().contains(FileSystemView.IDLE_READ_STREAMS_KEY), e.getMessage());
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  private static void readConcurrently(
      ExecutorService pool, ReadableFile file, int readers, byte[] data) throws Exception {
    List<Callable<byte[]>> reads = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      int position = r * 1000;
      reads.add(
          () -> {
            byte[] got = new byte[100];
            file.readFully(position, got, 0, got.length);
            return got;
          });
    }
    for (Future<byte[]> f : pool.invokeAll(reads)) {
      assertArrayEquals(Arrays.copyOf(data, 100), f.get());
    }
  }

  @Test
  void aStreamGivenBackWhenTheViewKeepsItsLimitIsClosed() {
    IdleStreams streams = new IdleStreams(2);
    IdleStreams.FilePool a = streams.newFilePool();
    IdleStreams.FilePool b = streams.newFilePool();
    TrackedStream a1 = new TrackedStream();
    TrackedStream a2 = new TrackedStream();
    TrackedStream b1 = new TrackedStream();
    a.giveBack(a1.open());
    a.giveBack(a2.open());
    assertEquals(2, streams.idleCount());
    b.giveBack(b1.open());
    assertTrue(b1.closed, "the limit counts every file of the view");
    assertFalse(a1.closed || a2.closed);
    assertEquals(2, streams.idleCount());
    assertEquals(0, b.idleCount());
    assertNull(b.take(), "the closed stream is never handed out");
    assertSame(a2.stream, a.take());
    TrackedStream b2 = new TrackedStream();
    b.giveBack(b2.open());
    assertFalse(b2.closed, "a stream taken frees its place");
    assertSame(b2.stream, b.take());
    assertSame(a1.stream, a.take());
    assertEquals(0, streams.idleCount());
  }

  @Test
  void aFileTakesBackItsMostRecentlyReturnedStreamFirst() {
    IdleStreams streams = new IdleStreams(8);
    IdleStreams.FilePool a = streams.newFilePool();
    TrackedStream first = new TrackedStream();
    TrackedStream second = new TrackedStream();
    a.giveBack(first.open());
    a.giveBack(second.open());
    assertSame(second.stream, a.take());
    assertSame(first.stream, a.take());
    assertNull(a.take());
  }

  @Test
  void closingAFileClosesItsIdleStreamsAndFreesTheirRoom() {
    IdleStreams streams = new IdleStreams(3);
    IdleStreams.FilePool a = streams.newFilePool();
    IdleStreams.FilePool b = streams.newFilePool();
    TrackedStream a1 = new TrackedStream();
    TrackedStream a2 = new TrackedStream();
    TrackedStream b1 = new TrackedStream();
    a.giveBack(a1.open());
    a.giveBack(a2.open());
    b.giveBack(b1.open());
    a.close();
    assertTrue(a1.closed && a2.closed);
    assertFalse(b1.closed);
    assertEquals(1, streams.idleCount());
    TrackedStream late = new TrackedStream();
    a.giveBack(late.open());
    assertTrue(late.closed, "a stream given back to a closed file is closed, not kept");
    assertNull(a.take());
    TrackedStream b2 = new TrackedStream();
    TrackedStream b3 = new TrackedStream();
    b.giveBack(b2.open());
    b.giveBack(b3.open());
    assertFalse(b2.closed || b3.closed, "the closed file's places went back to the view");
    assertEquals(3, streams.idleCount());
    a.close();
  }

  @Test
  void aLimitOfZeroKeepsNothingAndANegativeOneIsRefused() {
    IdleStreams none = new IdleStreams(0);
    IdleStreams.FilePool a = none.newFilePool();
    TrackedStream s = new TrackedStream();
    a.giveBack(s.open());
    assertTrue(s.closed);
    assertNull(a.take());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new IdleStreams(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void concurrentBorrowersNeverShareAStreamNorGetAClosedOne() throws Exception {
    IdleStreams streams = new IdleStreams(5);
    List<IdleStreams.FilePool> files =
        List.of(streams.newFilePool(), streams.newFilePool(), streams.newFilePool());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<TrackedStream> all = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      List<Callable<Void>> borrowers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        java.util.Random random = new java.util.Random(100 + t);
        borrowers.add(
            () -> {
              for (int i = 0; i < 5_000; i++) {
                IdleStreams.FilePool file = files.get(random.nextInt(files.size()));
                FSDataInputStream in = file.take();
                TrackedStream tracked;
                if (in == null) {
                  tracked = new TrackedStream();
                  all.add(tracked);
                  in = tracked.open();
                } else {
                  tracked = (TrackedStream) in.getWrappedStream();
                }
                if (!tracked.inUse.compareAndSet(false, true)) {
                  throw new AssertionError("a stream was handed to two borrowers");
                }
                if (tracked.closed) {
                  throw new AssertionError("a closed stream was handed out");
                }
                tracked.inUse.set(false);
                file.giveBack(in);
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(borrowers)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int kept = files.stream().mapToInt(IdleStreams.FilePool::idleCount).sum();
    assertEquals(kept, streams.idleCount());
    assertTrue(kept <= 5, "kept " + kept);
    assertEquals(kept, all.stream().filter(s -> !s.closed).count(), "the rest were closed");
    files.forEach(IdleStreams.FilePool::close);
    assertEquals(0, streams.idleCount());
    assertTrue(all.stream().allMatch(s -> s.closed));
  }

  /** An in-memory input stream that remembers whether it was closed. */
  private static final class TrackedStream extends FSInputStream {
    final java.util.concurrent.atomic.AtomicBoolean inUse =
        new java.util.concurrent.atomic.AtomicBoolean();
    volatile boolean closed;
    FSDataInputStream stream;
    private long position;

    FSDataInputStream open() {
      stream = new FSDataInputStream(this);
      return stream;
    }

    @Override
    public void seek(long pos) {
      position = pos;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public boolean seekToNewSource(long targetPos) {
      return false;
    }

    @Override
    public int read() {
      return -1;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
