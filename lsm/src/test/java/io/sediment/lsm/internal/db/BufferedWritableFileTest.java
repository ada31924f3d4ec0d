package io.sediment.lsm.internal.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.wrap.CountingFileSystem;
import io.sediment.fs.wrap.FsOp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferedWritableFileTest {

  @TempDir Path tmp;

  @Test
  void gathersSmallWritesAndKeepsBytesAndPositions() throws IOException {
    try (FileSystemView view =
        FileSystemView.open("counting+" + tmp.toUri(), new Configuration())) {
      CountingFileSystem counting = (CountingFileSystem) view.hadoopFileSystem();
      org.apache.hadoop.fs.Path path = view.resolve("f");
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      Random rnd = new Random(7);
      int calls = 0;
      try (BufferedWritableFile out = new BufferedWritableFile(view.create(path), 1000)) {
        while (expected.size() < 20_000) {
          byte[] chunk = new byte[rnd.nextInt(rnd.nextInt(10) == 0 ? 2500 : 120)];
          rnd.nextBytes(chunk);
          assertEquals(expected.size(), out.position());
          if (rnd.nextBoolean()) {
            out.write(chunk, 0, chunk.length);
          } else {
            ByteBuf buf = Unpooled.wrappedBuffer(chunk);
            out.write(buf);
            assertEquals(0, buf.readerIndex(), "the source is not consumed");
          }
          expected.write(chunk, 0, chunk.length);
          calls++;
          if (calls == 50) {
            out.sync();
            assertEquals(expected.size(), view.size(path), "sync writes the buffer out");
          }
        }
        assertEquals(expected.size(), out.position());
      }
      assertArrayEquals(expected.toByteArray(), view.readAll(path));
      long writes = counting.ops(FsOp.WRITE);
      assertTrue(writes < calls / 4, writes + " write calls for " + calls + " appends");
    }
  }

  @Test
  void refusesWritesAfterClose() throws IOException {
    try (FileSystemView view = FileSystemView.open(tmp.toUri().toString(), new Configuration())) {
      BufferedWritableFile out = new BufferedWritableFile(view.create(view.resolve("g")), 64);
      out.write(new byte[] {1, 2, 3}, 0, 3);
      out.close();
      out.close();
      assertArrayEquals(new byte[] {1, 2, 3}, view.readAll(view.resolve("g")));
      assertThrows(IOException.class, () -> out.write(new byte[1], 0, 1));
      assertThrows(IllegalArgumentException.class, () -> new BufferedWritableFile(null, 10));
    }
  }
}
