package io.sediment.lsm.internal.sst;

import io.netty.buffer.ByteBuf;
import io.sediment.fs.ReadableFile;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A file seen through bytes already fetched from one range of it: reads inside the range are served
 * from memory, any other read goes to the file. Lets a block fetched by a batched (vectored) read
 * be verified and decoded by the same code as a block read on its own.
 */
final class FetchedRange implements ReadableFile {

  private final ReadableFile file;
  private final long position;
  private final byte[] bytes;

  /** {@code bytes} holds the file's bytes from {@code position} on. */
  FetchedRange(ReadableFile file, long position, byte[] bytes) {
    this.file = file;
    this.position = position;
    this.bytes = bytes;
  }

  @Override
  public Path path() {
    return file.path();
  }

  @Override
  public long size() {
    return file.size();
  }

  @Override
  public void readFully(long pos, byte[] dst, int offset, int length) throws IOException {
    if (pos >= position && pos - position <= bytes.length - length) {
      System.arraycopy(bytes, (int) (pos - position), dst, offset, length);
    } else {
      file.readFully(pos, dst, offset, length);
    }
  }

  @Override
  public void readFully(long pos, ByteBuf dst, int length) throws IOException {
    if (pos >= position && pos - position <= bytes.length - length) {
      dst.writeBytes(bytes, (int) (pos - position), length);
    } else {
      file.readFully(pos, dst, length);
    }
  }

  @Override
  public void close() {}
}
