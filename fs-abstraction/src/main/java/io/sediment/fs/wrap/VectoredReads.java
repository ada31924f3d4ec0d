package io.sediment.fs.wrap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileRange;

/** Serving a vectored read from an inner stream, range by range, for the wrappers. */
final class VectoredReads {

  private VectoredReads() {}

  /** The bytes all of {@code ranges} ask for. */
  static long totalBytes(List<? extends FileRange> ranges) {
    long total = 0;
    for (FileRange r : ranges) {
      total += r.getLength();
    }
    return total;
  }

  /** Gives every range a future of its own, not yet completed, so a caller can wait on it. */
  static void attachFutures(List<? extends FileRange> ranges) {
    for (FileRange r : ranges) {
      r.setData(new CompletableFuture<>());
    }
  }

  /**
   * Reads every range from {@code in} on the calling thread and completes its future (attaching one
   * first where a range has none): with the bytes, or exceptionally with the read's failure.
   *
   * @return whether every range was read
   */
  static boolean readInline(
      FSDataInputStream in, List<? extends FileRange> ranges, IntFunction<ByteBuffer> allocate) {
    return complete(ranges, read(in, ranges, allocate));
  }

  /**
   * Reads every range from {@code in} on the calling thread without completing anything: for each
   * range its bytes (a {@link ByteBuffer}) or the failure of its read (a {@link Throwable}).
   */
  static Object[] read(
      FSDataInputStream in, List<? extends FileRange> ranges, IntFunction<ByteBuffer> allocate) {
    Object[] results = new Object[ranges.size()];
    for (int i = 0; i < results.length; i++) {
      FileRange r = ranges.get(i);
      try {
        ByteBuffer buffer = allocate.apply(r.getLength());
        if (buffer.hasArray()) {
          in.readFully(
              r.getOffset(),
              buffer.array(),
              buffer.arrayOffset() + buffer.position(),
              r.getLength());
        } else {
          byte[] tmp = new byte[r.getLength()];
          in.readFully(r.getOffset(), tmp, 0, tmp.length);
          buffer.put(tmp);
          buffer.flip();
        }
        results[i] = buffer;
      } catch (IOException | RuntimeException e) {
        results[i] = e;
      }
    }
    return results;
  }

  /**
   * Completes the future of every range (attaching one where a range has none) with what {@link
   * #read} returned for it.
   *
   * @return whether every range was read
   */
  static boolean complete(List<? extends FileRange> ranges, Object[] results) {
    boolean all = true;
    for (int i = 0; i < results.length; i++) {
      FileRange r = ranges.get(i);
      CompletableFuture<ByteBuffer> data = r.getData();
      if (data == null) {
        data = new CompletableFuture<>();
        r.setData(data);
      }
      if (results[i] instanceof ByteBuffer b) {
        data.complete(b);
      } else {
        data.completeExceptionally((Throwable) results[i]);
        all = false;
      }
    }
    return all;
  }

  /** Fails the future of every range with {@code cause}. */
  static void failAll(List<? extends FileRange> ranges, Throwable cause) {
    for (FileRange r : ranges) {
      CompletableFuture<ByteBuffer> data = r.getData();
      if (data == null) {
        r.setData(CompletableFuture.failedFuture(cause));
      } else {
        data.completeExceptionally(cause);
      }
    }
  }
}
