package io.sediment.lsm.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A readahead window serves sequential reads with few reads of the file, byte for byte. */
class ReadaheadFileTest {

  private static final int WINDOW = 64 * 1024;

  @TempDir Path dir;

  /** Counts the positional reads that reach a real file. */
  private static final class CountingReads implements ReadableFile {
    final ReadableFile file;
    int reads;

    CountingReads(ReadableFile file) {
      this.file = file;
    }

    @Override
    public org.apache.hadoop.fs.Path path() {
      return file.path();
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
      reads++;
      file.readFully(position, dst, offset, length);
    }

    @Override
    public void readFully(long position, ByteBuf dst, int length) throws IOException {
      reads++;
      file.readFully(position, dst, length);
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  private byte[] content;

  private CountingReads open(FileSystemView view, int bytes) throws IOException {
    content = new byte[bytes];
    new Random(7).nextBytes(content);
    org.apache.hadoop.fs.Path p = view.resolve("data");
    view.writeAll(p, content);
    return new CountingReads(view.openRead(p));
  }

  @Test
  void sequentialReadsFetchOneWindowAtATime() throws IOException {
    try (FileSystemView view = SstFixture.localView(dir)) {
      CountingReads file = open(view, 10 * WINDOW + 1000);
      ReadaheadFile ahead = new ReadaheadFile(file, WINDOW);
      byte[] got = new byte[content.length];
      Random sizes = new Random(11);
      for (int pos = 0; pos < content.length; ) {
        int n = Math.min(1 + sizes.nextInt(6000), content.length - pos);
        if (sizes.nextBoolean()) {
          ahead.readFully(pos, got, pos, n);
        } else {
          ByteBuf buf = Unpooled.buffer(n);
          ahead.readFully(pos, buf, n);
          buf.readBytes(got, pos, n);
        }
        pos += n;
      }
      assertArrayEquals(content, got);
      // One read per window, plus at most one more wherever a read straddles a window's end.
      int windows = (content.length + WINDOW - 1) / WINDOW;
      assertTrue(file.reads <= 2 * windows, file.reads + " reads");
      assertTrue(file.reads >= windows, file.reads + " reads");
      file.close();
    }
  }

  @Test
  void largeReadsAndReadsPastTheEndGoToTheFile() throws IOException {
    try (FileSystemView view = SstFixture.localView(dir)) {
      CountingReads file = open(view, 3 * WINDOW);
      ReadaheadFile ahead = new ReadaheadFile(file, WINDOW);
      byte[] big = new byte[WINDOW + 1];
      ahead.readFully(100, big, 0, big.length);
      assertArrayEquals(Arrays.copyOfRange(content, 100, 100 + big.length), big);
      assertEquals(1, file.reads);
      byte[] tail = new byte[10];
      ahead.readFully(content.length - 10, tail, 0, 10); // the window is cut at the end
      assertArrayEquals(Arrays.copyOfRange(content, content.length - 10, content.length), tail);
      assertThrows(EOFException.class, () -> ahead.readFully(content.length - 5, tail, 0, 10));
      assertThrows(IllegalArgumentException.class, () -> new ReadaheadFile(file, 0));
      file.close();
    }
  }
}
