package io.sediment.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sediment.fs.testing.FsTarget;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link FileSystemView} guarantees, run against each {@link FsTarget}. */
public abstract class FileSystemViewContract {

  protected abstract FsTarget target();

  protected FileSystemView view;

  @BeforeEach
  void openView() throws IOException {
    view = FileSystemView.open(target().freshDir("view"), target().configuration());
  }

  @AfterEach
  void closeView() throws IOException {
    view.close();
  }

  static byte[] pattern(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void writeOnceThenReadPositionally() throws IOException {
    byte[] data = pattern(10_000, 1);
    Path path = view.resolve("000001.sst");
    try (WritableFile out = view.create(path)) {
      out.write(data, 0, 4000);
      out.write(Unpooled.wrappedBuffer(data, 4000, 6000));
      assertEquals(10_000, out.position());
      out.sync();
    }
    assertEquals(10_000, view.size(path));
    assertTrue(view.exists(path));
    try (ReadableFile in = view.openRead(path)) {
      assertEquals(10_000, in.size());
      byte[] middle = new byte[100];
      in.readFully(5000, middle, 0, 100);
      assertArrayEquals(java.util.Arrays.copyOfRange(data, 5000, 5100), middle);

      ByteBuf heap = Unpooled.buffer(8);
      ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(8);
      try {
        in.readFully(9990, heap, 10);
        in.readFully(0, direct, 50);
        assertEquals(10, heap.readableBytes());
        assertEquals(50, direct.readableBytes());
        for (int i = 0; i < 10; i++) {
          assertEquals(data[9990 + i], heap.getByte(i));
        }
        for (int i = 0; i < 50; i++) {
          assertEquals(data[i], direct.getByte(i));
        }
      } finally {
        heap.release();
        direct.release();
      }
    }
    assertArrayEquals(data, view.readAll(path));
  }

  @Test
  void byteBufReadsAppendAtTheWriterIndexOfAnyBufferKind() throws IOException {
    byte[] data = pattern(8192, 9);
    Path path = view.resolve("bufs");
    view.writeAll(path, data);
    ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(16);
    io.netty.buffer.CompositeByteBuf composite = Unpooled.compositeBuffer();
    composite.addComponent(true, Unpooled.directBuffer(100));
    composite.addComponent(true, Unpooled.buffer(100));
    composite.writerIndex(0);
    try (ReadableFile in = view.openRead(path)) {
      direct.writeInt(0xCAFEBABE);
      in.readFully(1000, direct, 3000); // grows the buffer
      assertEquals(4 + 3000, direct.readableBytes());
      assertEquals(0xCAFEBABE, direct.getInt(0));
      for (int i = 0; i < 3000; i++) {
        assertEquals(data[1000 + i], direct.getByte(4 + i), "direct byte " + i);
      }
      composite.writeByte(1);
      in.readFully(8000, composite, 150); // spans both components
      assertEquals(151, composite.readableBytes());
      for (int i = 0; i < 150; i++) {
        assertEquals(data[8000 + i], composite.getByte(1 + i), "composite byte " + i);
      }
    } finally {
      direct.release();
      composite.release();
    }
  }

  @Test
  void createFailsIfTheFileExists() throws IOException {
    Path path = view.resolve("MANIFEST-1");
    view.writeAll(path, new byte[] {1, 2, 3});
    FileAlreadyExistsException e;
    if (target().objectStore()) {
      // Decided by the conditional upload at close, without a lookup before it.
      WritableFile second = view.create(path);
      second.write(new byte[] {9}, 0, 1);
      e = assertThrows(FileAlreadyExistsException.class, second::close);
    } else {
      e = assertThrows(FileAlreadyExistsException.class, () -> view.create(path));
    }
    assertTrue(e.getMessage().contains(path.getName()), e.getMessage());
    assertArrayEquals(new byte[] {1, 2, 3}, view.readAll(path));
  }

  @Test
  void ofRacingCreatorsExactlyOneWins() throws Exception {
    int threads = 8;
    for (int round = 0; round < 5; round++) {
      Path path = view.resolve("race-" + round);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        byte[] mine = new byte[] {(byte) t};
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    view.writeAll(path, mine);
                    return true;
                  } catch (FileAlreadyExistsException e) {
                    return false;
                  }
                }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get() ? 1 : 0;
      }
      pool.shutdown();
      assertEquals(1, winners, "round " + round);
      assertEquals(1, view.readAll(path).length);
    }
  }

  /**
   * Batched range reads return every range's bytes, both as the file system serves them by default
   * and, on S3A, with enough ranges in flight for its vectored reads to be used.
   */
  @Test
  void rangeReadsReturnEveryRangesBytes() throws Exception {
    byte[] data = pattern(512 * 1024, 77);
    Path path = view.resolve("ranges.sst");
    view.writeAll(path, data);
    Configuration base = target().configuration();
    Configuration parallel = base == null ? new Configuration() : new Configuration(base);
    parallel.setInt("fs.s3a.vectored.active.ranged.reads", 64);
    try (FileSystemView wide = FileSystemView.open(view.root().toString(), parallel)) {
      for (FileSystemView v : List.of(view, wide)) {
        try (ReadableFile in = v.openRead(path)) {
          if (target().objectStore()) {
            assertEquals(v == wide, in.overlapsRangeReads(), "S3A vectored reads only when wide");
          }
          Random random = new Random(78);
          List<ReadRange> ranges = new ArrayList<>();
          for (long at = random.nextInt(5000); at < data.length - 9000; ) {
            int length = 1 + random.nextInt(8192);
            ranges.add(new ReadRange(at, new byte[length + 3], 3, length));
            at += length + random.nextInt(40_000); // gaps both under and over S3A's merge limit
          }
          java.util.Collections.shuffle(ranges, random);
          in.readRanges(ranges).join();
          for (ReadRange r : ranges) {
            for (int j = 0; j < r.length(); j++) {
              if (r.dst()[r.offset() + j] != data[(int) r.position() + j]) {
                throw new AssertionError("mismatch at " + (r.position() + j) + " via " + v);
              }
            }
          }
          CompletionException past =
              assertThrows(
                  CompletionException.class,
                  () ->
                      in.readRanges(
                              List.of(
                                  new ReadRange(0, new byte[8], 0, 8),
                                  new ReadRange(data.length - 4, new byte[8], 0, 8)))
                          .join());
          assertTrue(past.getCause() instanceof EOFException, String.valueOf(past.getCause()));
          assertTrue(past.getCause().getMessage().contains(path.toString()), past.getMessage());
        }
      }
    }
  }

  @Test
  void concurrentPositionalReadersShareOneFile() throws Exception {
    long seed = 42;
    System.out.println("concurrent readers seed " + seed);
    byte[] data = pattern(256 * 1024, seed);
    Path path = view.resolve("big.sst");
    view.writeAll(path, data);
    try (ReadableFile in = view.openRead(path)) {
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Callable<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long readerSeed = seed + t;
        readers.add(
            () -> {
              Random random = new Random(readerSeed);
              int checked = 0;
              for (int i = 0; i < 200; i++) {
                int length = 1 + random.nextInt(4096);
                long position = random.nextInt(data.length - length + 1);
                byte[] got = new byte[length];
                in.readFully(position, got, 0, length);
                for (int j = 0; j < length; j++) {
                  if (got[j] != data[(int) position + j]) {
                    throw new AssertionError(
                        "mismatch at " + (position + j) + " seed " + readerSeed);
                  }
                }
                checked += length;
              }
              return checked;
            });
      }
      for (Future<Integer> f : pool.invokeAll(readers)) {
        assertTrue(f.get() > 0);
      }
      pool.shutdown();
    }
  }

  @Test
  void deleteAndList() throws IOException {
    Path dir = view.resolve("sub");
    view.mkdirs(dir);
    view.writeAll(FileSystemView.resolve(dir, "b"), new byte[1]);
    view.writeAll(FileSystemView.resolve(dir, "a"), new byte[2]);
    List<FileStatus> listed = view.list(dir);
    assertEquals(List.of("a", "b"), listed.stream().map(s -> s.getPath().getName()).toList());
    assertTrue(view.delete(FileSystemView.resolve(dir, "a")));
    assertFalse(view.delete(FileSystemView.resolve(dir, "a")));
    assertEquals(1, view.list(dir).size());
    assertEquals(List.of(), view.list(view.resolve("absent")));
    assertTrue(view.deleteRecursively(dir));
    assertFalse(view.exists(dir));
  }

  @Test
  void readsPastTheEndThrowEofNamingFileAndPosition() throws IOException {
    Path path = view.resolve("short");
    view.writeAll(path, new byte[100]);
    try (ReadableFile in = view.openRead(path)) {
      EOFException e =
          assertThrows(EOFException.class, () -> in.readFully(90, new byte[20], 0, 20));
      assertTrue(e.getMessage().contains("short") && e.getMessage().contains("90"), e.getMessage());
      EOFException far =
          assertThrows(
              EOFException.class, () -> in.readFully(Long.MAX_VALUE - 1, new byte[4], 0, 4));
      assertTrue(far.getMessage().contains(String.valueOf(Long.MAX_VALUE - 1)), far.getMessage());
      ByteBuf buf = Unpooled.buffer(4);
      try {
        assertThrows(EOFException.class, () -> in.readFully(100, buf, 1));
        assertEquals(0, buf.writerIndex());
      } finally {
        buf.release();
      }
      in.readFully(100, new byte[0], 0, 0);
    }
  }

  @Test
  void negativePositionsAndBadRangesAreIllegalArguments() throws IOException {
    Path path = view.resolve("f");
    view.writeAll(path, new byte[10]);
    try (ReadableFile in = view.openRead(path)) {
      IllegalArgumentException neg =
          assertThrows(IllegalArgumentException.class, () -> in.readFully(-5, new byte[1], 0, 1));
      assertTrue(neg.getMessage().contains("-5"), neg.getMessage());
      IllegalArgumentException len =
          assertThrows(IllegalArgumentException.class, () -> in.readFully(0, new byte[1], 0, -3));
      assertTrue(len.getMessage().contains("-3"), len.getMessage());
      assertThrows(IllegalArgumentException.class, () -> in.readFully(0, new byte[4], 2, 3));
      assertThrows(
          IllegalArgumentException.class, () -> in.readFully(0, new byte[4], Integer.MAX_VALUE, 2));
      assertThrows(IllegalArgumentException.class, () -> in.readFully(0, (byte[]) null, 0, 1));
      ByteBuf tiny = Unpooled.buffer(2, 2);
      try {
        assertThrows(IllegalArgumentException.class, () -> in.readFully(0, tiny, 5));
      } finally {
        tiny.release();
      }
    }
    assertThrows(
        IllegalStateException.class, () -> openClosed(path).readFully(0, new byte[1], 0, 1));
  }

  private ReadableFile openClosed(Path path) throws IOException {
    ReadableFile in = view.openRead(path);
    in.close();
    return in;
  }

  @Test
  void badNamesAreIllegalArgumentsNamingTheValue() {
    for (String bad : new String[] {"", ".", "..", "a/b", "..x", "a\\b", "c:d", "tab\tname"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> view.resolve(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    IllegalArgumentException nul =
        assertThrows(IllegalArgumentException.class, () -> view.resolve(null));
    assertTrue(nul.getMessage().contains("null"), nul.getMessage());
    assertThrows(IllegalArgumentException.class, () -> view.create(null));
    assertThrows(IllegalArgumentException.class, () -> view.openRead(null));
    assertThrows(IllegalArgumentException.class, () -> view.size(null));
    assertThrows(IllegalArgumentException.class, () -> view.delete(null));
    assertThrows(IllegalArgumentException.class, () -> view.list(null));
    assertThrows(IllegalArgumentException.class, () -> FileSystemView.resolve(null, "x"));
  }

  @Test
  void writerRejectsBadRangesAndUseAfterClose() throws IOException {
    Path path = view.resolve("w");
    WritableFile out = view.create(path);
    assertThrows(IllegalArgumentException.class, () -> out.write(new byte[4], 3, 2));
    assertThrows(IllegalArgumentException.class, () -> out.write(new byte[4], -1, 2));
    assertThrows(IllegalArgumentException.class, () -> out.write((byte[]) null, 0, 0));
    out.write(new byte[4], 0, 4);
    out.close();
    out.close();
    assertThrows(IllegalStateException.class, () -> out.write(new byte[1], 0, 1));
    assertEquals(4, view.size(path));
  }

  @Test
  void missingFilesAreNamed() {
    Path path = view.resolve("nope");
    FileNotFoundException open =
        assertThrows(FileNotFoundException.class, () -> view.openRead(path));
    assertTrue(open.getMessage().contains(path.toString()), open.getMessage());
    FileNotFoundException size = assertThrows(FileNotFoundException.class, () -> view.size(path));
    assertTrue(size.getMessage().contains(path.toString()), size.getMessage());
    FileNotFoundException dir =
        assertThrows(FileNotFoundException.class, () -> view.openRead(view.root()));
    assertTrue(dir.getMessage().contains("directory"), dir.getMessage());
  }

  @Test
  void aFileInTheWayOfTheRootIsAnIoErrorNamingTheUri() throws IOException {
    assumeFalse(target().objectStore(), "an object store has no directories to be in the way of");
    Path file = view.resolve("plain-file");
    view.writeAll(file, new byte[1]);
    String uri = file.toUri() + "/below";
    IOException e =
        assertThrows(IOException.class, () -> FileSystemView.open(uri, target().configuration()));
    assertTrue(e.getMessage().contains(file.toUri().getPath()), e.getMessage());
    IOException create =
        assertThrows(IOException.class, () -> view.create(FileSystemView.resolve(file, "x")));
    assertTrue(create.getMessage().contains("plain-file"), create.getMessage());
  }

  @Test
  void openExistingCreatesNothingAndNamesWhatIsWrong() throws IOException {
    Path file = view.resolve("plain-file");
    view.writeAll(file, new byte[1]);
    try (FileSystemView same =
        FileSystemView.openExisting(view.root().toString(), target().configuration())) {
      assertEquals(view.root(), same.root());
      assertTrue(same.exists(file));
    }
    String missing = view.resolve("absent").toString();
    FileNotFoundException gone =
        assertThrows(
            FileNotFoundException.class,
            () -> FileSystemView.openExisting(missing, target().configuration()));
    assertTrue(gone.getMessage().contains(missing), gone.getMessage());
    assertFalse(view.exists(view.resolve("absent")), "openExisting must not create it");
    IOException notDir =
        assertThrows(
            IOException.class,
            () -> FileSystemView.openExisting(file.toString(), target().configuration()));
    assertTrue(notDir.getMessage().contains("is a file"), notDir.getMessage());
  }

  @Test
  void syncedBytesAreVisibleBeforeClose() throws IOException {
    Path path = view.resolve("log");
    try (WritableFile out = view.create(path)) {
      out.write(pattern(1000, 3), 0, 1000);
      out.sync();
      if (target().objectStore()) {
        // No hsync on an object store: the object appears whole at close, never in part.
        assertFalse(view.exists(path), "an object must not be visible before its upload");
      } else {
        // hsync makes the bytes durable; on HDFS the length a reader sees follows at close, so
        // only the file's existence is asserted here.
        assertTrue(view.exists(path));
      }
    }
    assertEquals(1000, view.size(path));
  }
}
