package io.sediment.fs;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * {@link WritableFile} over a Hadoop output stream; the view's only writer implementation.
 *
 * <p>After a write or sync fails, how much of it reached the file is unknown, so the file is
 * poisoned: further writes and syncs fail, and so does {@link #close()} (after releasing the
 * stream). A caller can never go on to produce a file with a hole in it.
 *
 * <p>On an object store the file becomes visible whole at {@link #close()} or not at all; a
 * conditional create that lost to another writer fails there with {@link
 * FileAlreadyExistsException}.
 */
final class HadoopWritableFile implements WritableFile {

  private final Path path;
  private final FSDataOutputStream out;
  private final boolean canHsync;
  private long position;
  private boolean closed;
  private IOException failure;

  HadoopWritableFile(Path path, FSDataOutputStream out) {
    this.path = path;
    this.out = out;
    this.canHsync = out.hasCapability(StreamCapabilities.HSYNC);
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void write(byte[] src, int offset, int length) throws IOException {
    checkOpen();
    if (src == null) {
      throw new IllegalArgumentException("source array must not be null writing " + path);
    }
    if (offset < 0 || length < 0 || offset > src.length - length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", " + offset + "+" + length + ") outside array of " + src.length);
    }
    try {
      out.write(src, offset, length);
    } catch (IOException e) {
      throw poison(new IOException("write to " + path + " failed: " + e.getMessage(), e));
    }
    position += length;
  }

  @Override
  public void write(ByteBuf src) throws IOException {
    checkOpen();
    if (src == null) {
      throw new IllegalArgumentException("source buffer must not be null writing " + path);
    }
    int length = src.readableBytes();
    try {
      src.getBytes(src.readerIndex(), out, length);
    } catch (IOException e) {
      throw poison(new IOException("write to " + path + " failed: " + e.getMessage(), e));
    }
    position += length;
  }

  /** True when the Hadoop stream reports {@link StreamCapabilities#HSYNC}. */
  @Override
  public boolean syncsDurably() {
    return canHsync;
  }

  @Override
  public void sync() throws IOException {
    checkOpen();
    try {
      if (canHsync) {
        out.hsync();
      } else {
        out.flush();
      }
    } catch (IOException e) {
      throw poison(new IOException("sync of " + path + " failed: " + e.getMessage(), e));
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (this.failure != null) {
      try {
        out.close();
      } catch (IOException e) {
        // The file is already known to be incomplete; the first failure is the one to report.
      }
      throw new IOException(path + " is incomplete: an earlier write or sync failed", this.failure);
    }
    IOException failure = null;
    try {
      if (canHsync) {
        out.hsync();
      }
    } catch (IOException e) {
      failure = new IOException("sync on close of " + path + " failed: " + e.getMessage(), e);
    }
    // Close even when the sync failed, so the stream (and on HDFS the lease) is released.
    try {
      out.close();
    } catch (IOException e) {
      if (failure == null && HadoopFileSystems.isPreconditionFailure(e)) {
        // A conditional create lost the race at upload: another writer's file stands.
        failure = new FileAlreadyExistsException(path + " already exists");
        failure.initCause(e);
      } else if (failure == null) {
        failure = new IOException("close of " + path + " failed: " + e.getMessage(), e);
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IllegalStateException("file already closed: " + path);
    }
    if (failure != null) {
      throw new IOException(
          "cannot go on writing " + path + ": an earlier write or sync failed", failure);
    }
  }

  private IOException poison(IOException e) {
    failure = e;
    return e;
  }
}
