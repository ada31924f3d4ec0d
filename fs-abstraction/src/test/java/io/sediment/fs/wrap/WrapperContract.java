package io.sediment.fs.wrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadRange;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import io.sediment.fs.testing.FsTarget;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The latency, fault and counting wrappers, as decorators and by URI, on each {@link FsTarget}. */
public abstract class WrapperContract {

  protected abstract FsTarget target();

  /** The plain view of a fresh directory; wrappers are stacked over its file system. */
  private FileSystemView base;

  @BeforeEach
  void openBase() throws IOException {
    base = FileSystemView.open(target().freshDir("wrap"), target().configuration());
  }

  @AfterEach
  void closeBase() throws IOException {
    base.close();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void latencyChargesEachOperationAndEachByteExactly() throws IOException {
    LatencyModel model =
        LatencyModel.none()
            .withOp(FsOp.OPEN, Duration.ofMillis(1))
            .withOp(FsOp.CREATE, Duration.ofMillis(2))
            .withOp(FsOp.GET_FILE_STATUS, Duration.ofMillis(3))
            .withOp(FsOp.READ, Duration.ofMillis(4))
            .withOp(FsOp.WRITE, Duration.ofMillis(5))
            .withOp(FsOp.SYNC, Duration.ofMillis(6))
            .withOp(FsOp.CLOSE, Duration.ofMillis(7))
            .withOp(FsOp.DELETE, Duration.ofMillis(8))
            .withOp(FsOp.LIST, Duration.ofMillis(9))
            .withBandwidth(1_000_000); // 1000 ns per byte
    RecordingSleeper sleeper = new RecordingSleeper();
    LatencyFileSystem latency = new LatencyFileSystem(base.hadoopFileSystem(), model, sleeper);
    FileSystemView view = FileSystemView.wrap(latency, base.root());
    long ms = 1_000_000L;

    long before = sleeper.total();
    Path path = view.resolve("f");
    WritableFile out = view.create(path);
    assertEquals(2 * ms, sleeper.total() - before, "create");
    before = sleeper.total();
    out.write(bytes(500, 1), 0, 500);
    assertEquals(5 * ms + 500 * 1000L, sleeper.total() - before, "write of 500 bytes");
    before = sleeper.total();
    out.sync();
    // An object store's streams have no hsync: a sync flushes locally and is not charged.
    long syncMs = target().objectStore() ? 0 : 6 * ms;
    assertEquals(syncMs, sleeper.total() - before, "sync");
    before = sleeper.total();
    out.close(); // close syncs, then closes
    assertEquals(syncMs + 7 * ms, sleeper.total() - before, "close");

    before = sleeper.total();
    try (ReadableFile in = view.openRead(path)) {
      assertEquals(3 * ms, sleeper.total() - before, "open for read is one status lookup");
      before = sleeper.total();
      in.readFully(100, new byte[200], 0, 200);
      assertEquals(1 * ms + 4 * ms + 200 * 1000L, sleeper.total() - before, "first read opens");
      before = sleeper.total();
      in.readFully(0, new byte[10], 0, 10);
      assertEquals(4 * ms + 10 * 1000L, sleeper.total() - before, "pooled stream: no open");
    }
    before = sleeper.total();
    view.list(view.root());
    view.delete(path);
    assertEquals(9 * ms + 8 * ms, sleeper.total() - before, "list + delete");
    assertEquals(sleeper.total(), latency.injectedNanos());
  }

  /** Ranges of 100 bytes every 1,000 bytes of a 50,000-byte file, last first. */
  private static List<ReadRange> spreadRanges() {
    List<ReadRange> ranges = new ArrayList<>();
    for (int i = 49; i >= 0; i--) {
      ranges.add(new ReadRange(i * 1000L + 7, new byte[100], 0, 100));
    }
    return ranges;
  }

  private static void assertRangesHold(byte[] content, List<ReadRange> ranges) {
    for (ReadRange r : ranges) {
      byte[] expected = new byte[r.length()];
      System.arraycopy(content, (int) r.position(), expected, 0, r.length());
      byte[] got = new byte[r.length()];
      System.arraycopy(r.dst(), r.offset(), got, 0, r.length());
      assertArrayEquals(expected, got, "range at " + r.position());
    }
  }

  @Test
  void latencyChargesAVectoredReadOnceForAllItsRanges() throws IOException {
    LatencyModel model =
        LatencyModel.none()
            .withOp(FsOp.OPEN, Duration.ofMillis(1))
            .withOp(FsOp.READ, Duration.ofMillis(4))
            .withBandwidth(1_000_000); // 1000 ns per byte
    RecordingSleeper sleeper = new RecordingSleeper();
    LatencyFileSystem latency = new LatencyFileSystem(base.hadoopFileSystem(), model, sleeper);
    FileSystemView view = FileSystemView.wrap(latency, base.root());
    Path path = view.resolve("vectored");
    byte[] content = bytes(50_000, 11);
    view.writeAll(path, content);
    try (ReadableFile in = view.openRead(path)) {
      assertTrue(in.overlapsRangeReads(), "the latency wrapper serves ranges together");
      long before = sleeper.total();
      List<ReadRange> ranges = spreadRanges();
      CompletableFuture<Void> done = in.readRanges(ranges);
      done.join();
      assertEquals(
          4_000_000L + 50 * 100 * 1000L,
          sleeper.total() - before,
          "one read's latency and the transfer of every range's bytes, once");
      assertRangesHold(content, ranges);
    }
  }

  @Test
  void latencyFinishesVectoredReadsOnItsTimerWithTheRightBytes() throws Exception {
    LatencyFileSystem latency =
        new LatencyFileSystem(
            base.hadoopFileSystem(),
            LatencyModel.none().withOp(FsOp.READ, Duration.ofMillis(2)),
            Sleeper.SYSTEM);
    FileSystemView view = FileSystemView.wrap(latency, base.root());
    Path path = view.resolve("timed");
    byte[] content = bytes(50_000, 12);
    view.writeAll(path, content);
    try (ReadableFile in = view.openRead(path)) {
      in.readFully(0, new byte[1], 0, 1); // the stream is pooled now
      long before = latency.injectedNanos();
      List<List<ReadRange>> calls = new ArrayList<>();
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        calls.add(spreadRanges());
        futures.add(in.readRanges(calls.get(c)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
      assertEquals(8 * 2_000_000L, latency.injectedNanos() - before, "one READ latency per call");
      for (List<ReadRange> ranges : calls) {
        assertRangesHold(content, ranges);
      }
      CompletionException past =
          assertThrows(
              CompletionException.class,
              () -> in.readRanges(List.of(new ReadRange(49_990, new byte[20], 0, 20))).join());
      assertInstanceOf(java.io.EOFException.class, past.getCause());
      assertTrue(past.getCause().getMessage().contains(path.toString()), past.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () ->
              in.readRanges(
                  List.of(
                      new ReadRange(0, new byte[10], 0, 10),
                      new ReadRange(5, new byte[10], 0, 10))));
    }
  }

  @Test
  void countingAndFaultsSeeAVectoredReadAsOneRead() throws IOException {
    CountingFileSystem counting = new CountingFileSystem(base.hadoopFileSystem());
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(counting);
    FileSystemView view = FileSystemView.wrap(faulty, base.root());
    Path path = view.resolve("counted-vectored");
    byte[] content = bytes(50_000, 13);
    view.writeAll(path, content);
    try (ReadableFile in = view.openRead(path)) {
      assertFalse(in.overlapsRangeReads(), "these wrappers read the ranges one by one");
      in.readFully(0, new byte[1], 0, 1);
      counting.resetCounts();
      List<ReadRange> ranges = spreadRanges();
      in.readRanges(ranges).join();
      assertRangesHold(content, ranges);
      assertEquals(50, counting.ops(FsOp.READ), "the default reads each range positionally");
      faulty.failNth(1);
      CompletionException e =
          assertThrows(CompletionException.class, () -> in.readRanges(spreadRanges()).join());
      assertInstanceOf(IOException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains(path.getName()), e.getCause().getMessage());
    }
  }

  @Test
  void latencyTotalMatchesTheCountedOperations() throws Exception {
    LatencyModel model =
        LatencyModel.uniform(Duration.ofNanos(1_500)).withBandwidth(250_000_000); // 4 ns/byte
    RecordingSleeper sleeper = new RecordingSleeper();
    CountingFileSystem counting = new CountingFileSystem(base.hadoopFileSystem());
    LatencyFileSystem latency = new LatencyFileSystem(counting, model, sleeper);
    FileSystemView view = FileSystemView.wrap(latency, base.root());
    runWorkload(view, 7);
    long expected = 0;
    for (FsOp op : FsOp.values()) {
      expected += counting.ops(op) * model.opNanos(op);
    }
    expected += (counting.bytesRead() + counting.bytesWritten()) * 4;
    assertTrue(counting.bytesRead() > 0 && counting.bytesWritten() > 0);
    assertEquals(expected, sleeper.total());
  }

  /** Writes, reads from several threads, lists and deletes. */
  private static void runWorkload(FileSystemView view, long seed) throws Exception {
    byte[] data = bytes(64 * 1024, seed);
    Path path = view.resolve("work");
    view.writeAll(path, data);
    try (ReadableFile in = view.openRead(path)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Callable<Void>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long readerSeed = seed + t;
        readers.add(
            () -> {
              Random random = new Random(readerSeed);
              for (int i = 0; i < 50; i++) {
                int len = 1 + random.nextInt(1000);
                long pos = random.nextInt(data.length - len);
                byte[] got = new byte[len];
                in.readFully(pos, got, 0, len);
                assertEquals(data[(int) pos], got[0]);
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(readers)) {
        f.get();
      }
      pool.shutdown();
    }
    view.list(view.root());
    view.delete(path);
  }

  @Test
  void latencyByUriReadsItsModelFromTheConfiguration() throws IOException {
    Configuration conf = target().configuration();
    conf.set(LatencyModel.DEFAULT_KEY, "2ms");
    conf.set(LatencyModel.KEY_PREFIX + "read", "0");
    conf.set(LatencyModel.KEY_PREFIX + "get-file-status", "150us");
    conf.setLong(LatencyModel.BANDWIDTH_KEY, 2_000_000_000L); // 0.5 ns per byte
    URI uri = WrapperSchemes.wrap(WrapperSchemes.LATENCY, target().freshDir("latency-uri"));
    try (FileSystemView view = FileSystemView.open(uri.toString(), conf)) {
      LatencyFileSystem latency =
          assertInstanceOf(LatencyFileSystem.class, view.hadoopFileSystem());
      assertEquals(target().freshDir("scheme").getScheme(), view.root().toUri().getScheme());
      LatencyModel model = latency.model();
      assertEquals(2_000_000, model.opNanos(FsOp.OPEN));
      assertEquals(0, model.opNanos(FsOp.READ));
      assertEquals(150_000, model.opNanos(FsOp.GET_FILE_STATUS));
      assertEquals(2_000_000_000L, model.bytesPerSecond());
      RecordingSleeper sleeper = new RecordingSleeper();
      latency.setSleeper(sleeper);
      Path path = view.resolve("x");
      view.writeAll(path, bytes(4000, 2));
      try (ReadableFile in = view.openRead(path)) {
        long before = sleeper.total();
        in.readFully(0, new byte[4000], 0, 4000);
        assertEquals(2_000_000 + 0 + 2000, sleeper.total() - before, "open + read + 4000 bytes");
      }
    }
  }

  @Test
  void countingIsExactPerOperationKind() throws IOException {
    CountingFileSystem counting = new CountingFileSystem(base.hadoopFileSystem());
    FileSystemView view = FileSystemView.wrap(counting, base.root());
    counting.resetCounts();
    Path path = view.resolve("counted");
    view.writeAll(path, bytes(1000, 3));
    try (ReadableFile in = view.openRead(path)) {
      in.readFully(0, new byte[100], 0, 100);
      in.readFully(900, new byte[100], 0, 100);
    }
    view.list(view.root());
    view.delete(path);
    assertFalse(view.exists(path));

    assertEquals(1, counting.ops(FsOp.CREATE));
    assertEquals(1, counting.ops(FsOp.WRITE));
    long syncs = target().objectStore() ? 0 : 1;
    assertEquals(syncs, counting.ops(FsOp.SYNC), "writeAll syncs once, at close (if it can)");
    assertEquals(1, counting.ops(FsOp.CLOSE));
    assertEquals(1, counting.ops(FsOp.OPEN), "the second read reuses the pooled stream");
    assertEquals(2, counting.ops(FsOp.READ));
    assertEquals(2, counting.ops(FsOp.GET_FILE_STATUS), "openRead and the failed exists");
    assertEquals(1, counting.ops(FsOp.LIST));
    assertEquals(1, counting.ops(FsOp.DELETE));
    assertEquals(0, counting.ops(FsOp.RENAME));
    assertEquals(1000, counting.bytesWritten());
    assertEquals(200, counting.bytesRead());
    assertEquals(
        10 + syncs, counting.opCounts().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void countingStaysExactUnderConcurrentReaders() throws Exception {
    CountingFileSystem counting = new CountingFileSystem(base.hadoopFileSystem());
    FileSystemView view = FileSystemView.wrap(counting, base.root());
    Path path = view.resolve("shared");
    view.writeAll(path, bytes(10_000, 4));
    counting.resetCounts();
    int threads = 8;
    try (ReadableFile in = view.openRead(path)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Callable<Void>> readers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * 1000;
        readers.add(
            () -> {
              for (int i = 0; i < 100; i++) {
                in.readFully(offset + i, new byte[10], 0, 10);
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(readers)) {
        f.get();
      }
      pool.shutdown();
    }
    assertEquals(threads * 100, counting.ops(FsOp.READ));
    assertEquals(threads * 100 * 10, counting.bytesRead());
    assertTrue(counting.ops(FsOp.OPEN) >= 1 && counting.ops(FsOp.OPEN) <= threads);
  }

  @Test
  void wrappersStackByUri() throws IOException {
    URI inner = target().freshDir("stacked");
    URI uri =
        WrapperSchemes.wrap(
            WrapperSchemes.COUNTING, WrapperSchemes.wrap(WrapperSchemes.LATENCY, inner));
    assertTrue(uri.getScheme().startsWith("counting+latency+"), uri.toString());
    try (FileSystemView view = FileSystemView.open(uri, target().configuration())) {
      CountingFileSystem counting =
          assertInstanceOf(CountingFileSystem.class, view.hadoopFileSystem());
      assertInstanceOf(LatencyFileSystem.class, counting.inner());
      view.writeAll(view.resolve("a"), new byte[] {1, 2, 3});
      assertArrayEquals(new byte[] {1, 2, 3}, view.readAll(view.resolve("a")));
      assertEquals(3, counting.bytesWritten());
      assertEquals(3, counting.bytesRead());
    }
    // The files landed in the inner location.
    assertTrue(base.exists(new Path(inner.toString() + "/a")));
  }

  @Test
  void faultFailsTheNthOperationOnce() throws IOException {
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(base.hadoopFileSystem());
    FileSystemView view = FileSystemView.wrap(faulty, base.root());
    Path a = view.resolve("a");
    Path b = view.resolve("b");
    faulty.failNth(2);
    assertFalse(view.exists(a)); // first op: fine
    IOException e = assertThrows(IOException.class, () -> view.exists(b));
    assertTrue(e.getMessage().contains(b.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("GET_FILE_STATUS"), e.getMessage());
    assertFalse(view.exists(b)); // once only
  }

  @Test
  void faultFailsOperationsMatchingAPredicate() throws IOException {
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(base.hadoopFileSystem());
    FileSystemView view = FileSystemView.wrap(faulty, base.root());
    Path keep = view.resolve("keep-1");
    Path other = view.resolve("other");
    view.writeAll(keep, new byte[1]);
    view.writeAll(other, new byte[1]);
    faulty.failWhen((op, p) -> op == FsOp.DELETE && p.getName().startsWith("keep"));
    IOException e = assertThrows(IOException.class, () -> view.delete(keep));
    assertTrue(e.getMessage().contains("keep-1"), e.getMessage());
    assertThrows(IOException.class, () -> view.delete(keep));
    assertTrue(view.delete(other));
    assertTrue(view.exists(keep));
    faulty.failNth(1, (op, p) -> op == FsOp.READ);
    try (ReadableFile in = view.openRead(keep)) {
      IOException read = assertThrows(IOException.class, () -> in.readFully(0, new byte[1], 0, 1));
      assertTrue(read.getMessage().contains("keep-1"), read.getMessage());
      in.readFully(0, new byte[1], 0, 1); // the failed stream was dropped; a new one works
    }
    faulty.reset();
    assertTrue(view.delete(keep));
  }

  @Test
  void theNthMatchingOperationFailsAndAFailedCloseLosesUnsyncedBytes() throws IOException {
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(base.hadoopFileSystem());
    FileSystemView view = FileSystemView.wrap(faulty, base.root());
    Path path = view.resolve("reads");
    view.writeAll(path, bytes(100, 8));
    faulty.failNth(3, (op, p) -> op == FsOp.READ && p.getName().equals("reads"));
    try (ReadableFile in = view.openRead(path)) {
      in.readFully(0, new byte[1], 0, 1);
      in.readFully(1, new byte[1], 0, 1);
      IOException third = assertThrows(IOException.class, () -> in.readFully(2, new byte[1], 0, 1));
      assertTrue(third.getMessage().contains("READ"), third.getMessage());
      in.readFully(3, new byte[1], 0, 1);
    }

    byte[] data = bytes(60, 9);
    Path closing = view.resolve("closing");
    WritableFile out = view.create(closing);
    out.write(data, 0, 40);
    out.sync();
    out.write(data, 40, 20);
    // The sync that closing does fails, and so does the close: the last 20 bytes never become
    // durable. (A failed sync alone loses nothing: the close after it still lands the bytes.)
    faulty.failWhen((op, p) -> (op == FsOp.SYNC || op == FsOp.CLOSE) && p.equals(closing));
    assertThrows(IOException.class, out::close);
    assertEquals(40, view.size(closing));
    assertArrayEquals(java.util.Arrays.copyOf(data, 40), view.readAll(closing));
    faulty.reset();
  }

  @Test
  void aFailedWritePoisonsTheFile() throws IOException {
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(base.hadoopFileSystem());
    FileSystemView view = FileSystemView.wrap(faulty, base.root());
    Path path = view.resolve("poisoned");
    WritableFile out = view.create(path);
    out.write(new byte[10], 0, 10);
    faulty.failNth(1, (op, p) -> op == FsOp.WRITE);
    assertThrows(IOException.class, () -> out.write(new byte[10], 0, 10));
    // The rule fired once, yet the file refuses to go on: a retry would leave a hole.
    IOException next = assertThrows(IOException.class, () -> out.write(new byte[1], 0, 1));
    assertTrue(next.getMessage().contains("earlier"), next.getMessage());
    assertThrows(IOException.class, out::sync);
    IOException close = assertThrows(IOException.class, out::close);
    assertTrue(close.getMessage().contains("incomplete"), close.getMessage());
    assertEquals(10, out.position());
  }

  @Test
  void crashKeepsExactlyWhatWasSynced() throws IOException {
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(base.hadoopFileSystem());
    crashScenario(faulty, FileSystemView.wrap(faulty, base.root()));
  }

  @Test
  void crashWorksWhenSelectedByUri() throws IOException {
    URI uri = WrapperSchemes.wrap(WrapperSchemes.FAULTY, target().freshDir("faulty-uri"));
    try (FileSystemView view = FileSystemView.open(uri, target().configuration())) {
      FaultInjectingFileSystem faulty =
          assertInstanceOf(FaultInjectingFileSystem.class, view.hadoopFileSystem());
      crashScenario(faulty, view);
    }
  }

  private void crashScenario(FaultInjectingFileSystem faulty, FileSystemView view)
      throws IOException {
    byte[] data = bytes(300, 5);
    Path synced = view.resolve("synced-then-more");
    Path neverSynced = view.resolve("never-synced");
    Path closed = view.resolve("closed");
    Path emptySynced = view.resolve("empty-synced");
    view.writeAll(closed, data);
    WritableFile a = view.create(synced);
    a.write(data, 0, 100);
    a.sync();
    a.write(data, 100, 150);
    WritableFile b = view.create(neverSynced);
    b.write(data, 0, 50);
    WritableFile c = view.create(emptySynced);
    c.sync();

    faulty.crash();
    assertTrue(faulty.isCrashed());
    IOException refused = assertThrows(IOException.class, () -> view.exists(closed));
    assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    assertThrows(IOException.class, () -> a.write(data, 0, 1));
    assertThrows(IOException.class, a::sync);

    faulty.reset();
    assertEquals(100, view.size(synced));
    assertArrayEquals(java.util.Arrays.copyOf(data, 100), view.readAll(synced));
    assertFalse(view.exists(neverSynced));
    assertEquals(0, view.size(emptySynced));
    assertArrayEquals(data, view.readAll(closed));
    // Closing a stream that lived through a crash reports it: its bytes were not all kept.
    IOException late = assertThrows(IOException.class, a::close);
    assertTrue(late.getMessage().contains("synced-then-more"), late.getMessage());
    assertThrows(IOException.class, b::close);
    assertThrows(IOException.class, c::close);
    assertEquals(100, view.size(synced));
    assertFalse(view.exists(neverSynced));
  }

  @Test
  void aTornWriteLandsOnlyItsPrefix() throws IOException {
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(base.hadoopFileSystem());
    FileSystemView view = FileSystemView.wrap(faulty, base.root());
    byte[] data = bytes(100, 6);
    Path path = view.resolve("torn");
    WritableFile out = view.create(path);
    out.write(data, 0, 20);
    faulty.tearNextWrite((op, p) -> p.equals(path), 7);
    IOException e = assertThrows(IOException.class, () -> out.write(data, 20, 30));
    assertTrue(
        e.getMessage().contains("7 of 30") && e.getMessage().contains("torn"), e.getMessage());
    IOException dead = assertThrows(IOException.class, () -> out.write(data, 50, 1));
    assertTrue(dead.getMessage().contains(path.toString()), dead.getMessage());
    assertThrows(IOException.class, out::close);
    // The torn write's prefix and everything before it landed, durably; nothing after.
    assertEquals(27, view.size(path));
    assertArrayEquals(java.util.Arrays.copyOf(data, 27), view.readAll(path));
  }

  @Test
  void badWrapperArgumentsAreIllegalArgumentsNamingTheValue() {
    URI plain = target().freshDir("bad");
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> WrapperSchemes.wrap("bogus", plain));
    assertTrue(unknown.getMessage().contains("bogus"), unknown.getMessage());
    IllegalArgumentException notWrapped =
        assertThrows(IllegalArgumentException.class, () -> WrapperSchemes.innerUri(plain));
    assertTrue(notWrapped.getMessage().contains(plain.toString()), notWrapped.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> LatencyModel.none().withOp(FsOp.OPEN, Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> LatencyModel.none().withBandwidth(-5));
    Configuration conf = new Configuration(false);
    conf.set(LatencyModel.KEY_PREFIX + "open", "soon");
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.fromConfiguration(conf));
    assertTrue(key.getMessage().contains("sediment.fs.latency.open"), key.getMessage());
    FaultInjectingFileSystem faulty = new FaultInjectingFileSystem(base.hadoopFileSystem());
    IllegalArgumentException nth =
        assertThrows(IllegalArgumentException.class, () -> faulty.failNth(0));
    assertTrue(nth.getMessage().contains("0"), nth.getMessage());
    assertThrows(IllegalArgumentException.class, () -> faulty.tearNextWrite((op, p) -> true, -1));
    assertThrows(IllegalArgumentException.class, () -> new CountingFileSystem(null));
  }
}
