package io.sediment.fs;

import io.netty.buffer.ByteBuf;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileRange;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * {@link ReadableFile} over Hadoop input streams, pooled per file.
 *
 * <p>A positional read borrows an idle stream (or opens one), reads, and gives it back. Concurrent
 * readers therefore never share a stream, which keeps positional reads safe on every Hadoop file
 * system, including ones whose streams are not thread-safe. Streams given back stay open for the
 * next reads, as many as were in use at once, within the bound that the view's {@link IdleStreams}
 * sets for all its files: opening a stream costs a remote round trip on a DFS or object store.
 */
final class HadoopReadableFile implements ReadableFile {

  private final FileSystem fs;
  private final Path path;
  private final long size;
  private final IdleStreams.FilePool idle;
  private final boolean local;

  /** Whether streams of this file serve vectored reads concurrently; null until first asked. */
  private volatile Boolean overlapsRangeReads;

  private volatile boolean closed;

  HadoopReadableFile(FileSystem fs, Path path, long size, IdleStreams idleStreams) {
    this.fs = fs;
    this.path = path;
    this.size = size;
    this.idle = idleStreams.newFilePool();
    // Only the local file systems themselves: a wrapper over one (latency, faults) stands for
    // remote storage.
    this.local = fs instanceof RawLocalFileSystem || fs instanceof LocalFileSystem;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public long size() {
    return size;
  }

  /** True for a file of the local file system itself (not one seen through a wrapper). */
  @Override
  public boolean readsLocally() {
    return local;
  }

  @Override
  public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
    if (dst == null) {
      throw new IllegalArgumentException("destination array must not be null reading " + path);
    }
    checkRange(position, length);
    if (offset < 0 || offset > dst.length - length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", " + offset + "+" + length + ") outside array of " + dst.length);
    }
    if (length == 0) {
      return;
    }
    withStream(position, length, in -> in.readFully(position, dst, offset, length));
  }

  @Override
  public void readFully(long position, ByteBuf dst, int length) throws IOException {
    if (dst == null) {
      throw new IllegalArgumentException("destination buffer must not be null reading " + path);
    }
    checkRange(position, length);
    if (dst.maxWritableBytes() < length) {
      throw new IllegalArgumentException(
          "buffer can take at most " + dst.maxWritableBytes() + " more bytes, not " + length);
    }
    dst.ensureWritable(length);
    if (dst.hasArray()) {
      readFully(position, dst.array(), dst.arrayOffset() + dst.writerIndex(), length);
    } else if (length > 0 && dst.nioBufferCount() == 1) {
      // Direct memory: straight into it where the stream can (HDFS), through a copy otherwise.
      ByteBuffer target = dst.nioBuffer(dst.writerIndex(), length);
      withStream(
          position,
          length,
          in -> {
            if (in.hasCapability(StreamCapabilities.PREADBYTEBUFFER)) {
              in.readFully(position, target);
            } else {
              byte[] tmp = new byte[length];
              in.readFully(position, tmp, 0, length);
              target.put(tmp);
            }
          });
    } else if (length > 0) {
      byte[] tmp = new byte[length];
      readFully(position, tmp, 0, length);
      dst.setBytes(dst.writerIndex(), tmp);
    }
    dst.writerIndex(dst.writerIndex() + length);
  }

  /**
   * True where the file's streams declare vectored reads ({@link StreamCapabilities#VECTOREDIO}),
   * except on S3A with fewer than {@value VectoredReadPolicy#MIN_S3A_RANGES_IN_FLIGHT} ranges in
   * flight per call (see {@link VectoredReadPolicy}). Asking the first time borrows a stream.
   */
  @Override
  public boolean overlapsRangeReads() {
    Boolean known = overlapsRangeReads;
    if (known == null) {
      if (closed) {
        return false;
      }
      FSDataInputStream in;
      try {
        in = borrow();
      } catch (IOException e) {
        return false; // the reads themselves will report it
      }
      boolean healthy = false;
      try {
        known = VectoredReadPolicy.overlaps(fs, in);
        healthy = true;
      } finally {
        giveBack(in, healthy);
      }
      overlapsRangeReads = known;
    }
    return known;
  }

  /**
   * One vectored read on a stream of its own where {@link #overlapsRangeReads()}, which the file
   * system serves together; the stream goes back to the pool once every range is read.
   */
  @Override
  public CompletableFuture<Void> readRanges(List<ReadRange> ranges) {
    if (!overlapsRangeReads()) {
      return ReadableFile.super.readRanges(ranges); // checks the ranges itself
    }
    ReadRange.requireDisjoint(ranges, path);
    long sum = 0;
    for (ReadRange r : ranges) {
      if (r.position() > size - r.length()) {
        return CompletableFuture.failedFuture(eof(r.position(), r.length()));
      }
      sum += r.length();
    }
    long total = sum;
    if (closed) {
      throw new IllegalStateException("file already closed: " + path);
    }
    if (total == 0) {
      return CompletableFuture.completedFuture(null);
    }
    FSDataInputStream in;
    try {
      in = borrow();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<FileRange> fileRanges = new ArrayList<>(ranges.size());
    CompletableFuture<?>[] copies = new CompletableFuture<?>[ranges.size()];
    try {
      for (ReadRange r : ranges) {
        fileRanges.add(FileRange.createFileRange(r.position(), r.length(), r));
      }
      in.readVectored(fileRanges, ByteBuffer::allocate);
      for (int i = 0; i < copies.length; i++) {
        ReadRange r = ranges.get(i);
        copies[i] =
            fileRanges
                .get(i)
                .getData()
                .thenAccept(b -> b.duplicate().get(r.dst(), r.offset(), r.length()));
      }
    } catch (IOException | RuntimeException e) {
      IdleStreams.closeQuietly(in);
      return CompletableFuture.failedFuture(failure(ranges, total, e));
    }
    return CompletableFuture.allOf(copies)
        .handle(
            (ok, error) -> {
              giveBack(in, error == null);
              if (error != null) {
                throw new CompletionException(failure(ranges, total, unwrap(error)));
              }
              return null;
            });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private IOException failure(List<ReadRange> ranges, long total, Throwable cause) {
    if (cause instanceof EOFException) {
      return (EOFException) cause;
    }
    return new IOException(
        "vectored read of "
            + ranges.size()
            + " ranges ("
            + total
            + " bytes) in "
            + path
            + " failed: "
            + cause.getMessage(),
        cause);
  }

  /** One positional read on a stream of its own. */
  @FunctionalInterface
  private interface PositionalRead {
    void read(FSDataInputStream in) throws IOException;
  }

  /** Borrows a stream, runs {@code read} on it and gives the stream back (or drops it). */
  private void withStream(long position, int length, PositionalRead read) throws IOException {
    FSDataInputStream in = borrow();
    boolean healthy = false;
    try {
      read.read(in);
      healthy = true;
    } catch (EOFException e) {
      throw eof(position, length);
    } catch (IOException e) {
      throw new IOException(
          "read of "
              + length
              + " bytes at "
              + position
              + " in "
              + path
              + " failed: "
              + e.getMessage(),
          e);
    } finally {
      giveBack(in, healthy);
    }
  }

  private void checkRange(long position, int length) throws EOFException {
    if (closed) {
      throw new IllegalStateException("file already closed: " + path);
    }
    if (position < 0) {
      throw new IllegalArgumentException("negative read position " + position + " in " + path);
    }
    if (length < 0) {
      throw new IllegalArgumentException("negative read length " + length + " in " + path);
    }
    if (position > size - length) {
      throw eof(position, length);
    }
  }

  private EOFException eof(long position, int length) {
    return new EOFException(
        "read of "
            + length
            + " bytes at position "
            + position
            + " passes the end of "
            + path
            + " ("
            + size
            + " bytes)");
  }

  private FSDataInputStream borrow() throws IOException {
    FSDataInputStream in = idle.take();
    if (in != null) {
      return in;
    }
    // Pooled streams may be many; a new one is opened only when every pooled one is busy.
    try {
      return fs.open(path);
    } catch (IOException e) {
      throw new IOException("cannot open " + path + ": " + e.getMessage(), e);
    }
  }

  private void giveBack(FSDataInputStream in, boolean healthy) {
    // A stream that failed may be in any state: never reuse it.
    if (!healthy) {
      IdleStreams.closeQuietly(in);
      return;
    }
    idle.giveBack(in); // closes it if the file was closed meanwhile
  }

  /** Streams this file keeps idle now (for tests). */
  int idleStreams() {
    return idle.idleCount();
  }

  @Override
  public void close() {
    closed = true;
    idle.close();
  }

  @Override
  public String toString() {
    return "ReadableFile[" + path + ", " + size + " bytes]";
  }
}
