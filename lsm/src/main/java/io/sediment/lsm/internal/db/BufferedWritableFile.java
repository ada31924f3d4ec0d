package io.sediment.lsm.internal.db;

import io.netty.buffer.ByteBuf;
import io.sediment.fs.WritableFile;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * Gathers small appends into large ones before they reach the file. An SST is written a block at a
 * time (a few KiB, sometimes as two calls: block and trailer), and on a remote file system each
 * write call can cost a round trip: a 16 MiB flush made thousands of them. Buffered, it makes one
 * per {@code capacity} bytes.
 *
 * <p>{@link #position()} counts buffered bytes, so offsets computed from it are where the bytes
 * land. {@link #sync()} and {@link #close()} write the buffer out first; a failure there leaves the
 * file failed, as the wrapped file's contract says. Not thread-safe, like any {@link WritableFile}.
 */
final class BufferedWritableFile implements WritableFile {

  /** Bytes gathered per write call to the file system. */
  static final int DEFAULT_CAPACITY = 1 << 20;

  private final WritableFile out;
  private final byte[] buffer;
  private int used;
  private boolean closed;

  BufferedWritableFile(WritableFile out, int capacity) {
    if (out == null || capacity <= 0) {
      throw new IllegalArgumentException("need a file and a positive capacity: " + capacity);
    }
    this.out = out;
    this.buffer = new byte[capacity];
  }

  @Override
  public Path path() {
    return out.path();
  }

  @Override
  public long position() {
    return out.position() + used;
  }

  @Override
  public void write(byte[] src, int offset, int length) throws IOException {
    checkOpen();
    if (length > buffer.length - used) {
      drain();
    }
    if (length >= buffer.length) {
      out.write(src, offset, length);
      return;
    }
    System.arraycopy(src, offset, buffer, used, length);
    used += length;
  }

  @Override
  public void write(ByteBuf src) throws IOException {
    checkOpen();
    int length = src.readableBytes();
    if (length > buffer.length - used) {
      drain();
    }
    if (length >= buffer.length) {
      out.write(src);
      return;
    }
    src.getBytes(src.readerIndex(), buffer, used, length);
    used += length;
  }

  private void drain() throws IOException {
    if (used > 0) {
      out.write(buffer, 0, used);
      used = 0;
    }
  }

  @Override
  public boolean syncsDurably() {
    return out.syncsDurably();
  }

  @Override
  public void sync() throws IOException {
    checkOpen();
    drain();
    out.sync();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      drain();
    } finally {
      out.close();
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("write to " + out.path() + " after it was closed");
    }
  }
}
