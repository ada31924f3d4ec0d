package io.sediment.lsm.internal.sst;

import io.netty.buffer.ByteBuf;
import io.sediment.fs.ReadableFile;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A window over a file for one sequential reader: a read that the window does not hold fetches the
 * next {@code windowBytes} of the file in one positional read, and the reads after it are served
 * from memory until they leave the window. A compaction reads each input from start to end in
 * blocks of a few KiB; on an object store every positional read is a request (a ranged GET), so
 * without a window a compaction pays one request per few blocks. RocksDB's {@code
 * compaction_readahead_size} does the same.
 *
 * <p>Reads larger than the window go straight to the file. Not thread-safe: one per iterator. It
 * does not own the file: {@link #close()} only drops the window.
 */
final class ReadaheadFile implements ReadableFile {

  /** Window of a compaction input: 2 MiB, RocksDB's default compaction readahead. */
  static final int COMPACTION_WINDOW_BYTES = 2 << 20;

  private final ReadableFile file;
  private final int windowBytes;
  private byte[] window;
  private long windowStart;
  private int windowLength;

  /**
   * @throws IllegalArgumentException if windowBytes is not positive
   */
  ReadaheadFile(ReadableFile file, int windowBytes) {
    if (windowBytes <= 0) {
      throw new IllegalArgumentException("readahead window must be positive: " + windowBytes);
    }
    this.file = file;
    this.windowBytes = windowBytes;
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
  public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
    if (!fromWindow(position, length)) {
      file.readFully(position, dst, offset, length);
      return;
    }
    System.arraycopy(window, (int) (position - windowStart), dst, offset, length);
  }

  @Override
  public void readFully(long position, ByteBuf dst, int length) throws IOException {
    if (!fromWindow(position, length)) {
      file.readFully(position, dst, length);
      return;
    }
    dst.writeBytes(window, (int) (position - windowStart), length);
  }

  /**
   * Whether {@code [position, position + length)} can be served from the window, filling it first
   * if needed; false for reads the file must serve itself (larger than the window, or past its end,
   * which the file reports as it should).
   */
  private boolean fromWindow(long position, int length) throws IOException {
    if (length > windowBytes || position < 0 || length < 0 || position + length > file.size()) {
      return false;
    }
    if (window != null
        && position >= windowStart
        && position + length <= windowStart + windowLength) {
      return true;
    }
    if (window == null) {
      window = new byte[windowBytes];
    }
    int n = (int) Math.min(windowBytes, file.size() - position);
    windowLength = 0; // a failed fill leaves no stale bytes behind
    file.readFully(position, window, 0, n);
    windowStart = position;
    windowLength = n;
    return true;
  }

  @Override
  public void close() {
    window = null;
    windowLength = 0;
  }
}
