package io.sediment.fs;

import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.fs.Path;

/**
 * An immutable file opened for positional reads.
 *
 * <p>Guarantees: every read is positional and independent of any other, so one instance may be
 * shared by any number of threads at once. A read that would pass the end of the file throws {@link
 * java.io.EOFException} naming the file and the position, and reads nothing useful. Implementations
 * are the plain view over a Hadoop file system and, in the cache module, a local-disk tier in front
 * of it; this is the seam between them.
 */
public interface ReadableFile extends Closeable {

  /** The physical path this file was opened from. */
  Path path();

  /** Length of the file in bytes, fixed for the life of the file. */
  long size();

  /**
   * Reads exactly {@code length} bytes starting at {@code position} into {@code dst[offset..]}.
   *
   * @throws IllegalArgumentException for a negative position or length, or a range outside dst
   * @throws java.io.EOFException if {@code position + length > size()}
   * @throws IOException on an I/O failure, naming the file
   */
  void readFully(long position, byte[] dst, int offset, int length) throws IOException;

  /**
   * Reads exactly {@code length} bytes starting at {@code position}, appending them at the writer
   * index of {@code dst} (which grows if it may).
   *
   * @throws IllegalArgumentException for a negative position or length
   * @throws java.io.EOFException if {@code position + length > size()}
   * @throws IOException on an I/O failure, naming the file
   */
  void readFully(long position, ByteBuf dst, int length) throws IOException;

  /**
   * Whether reads are served by this machine's own storage, with no network round trip: a caller
   * that has many reads to make gains nothing by spreading them over threads to overlap their
   * waits, and pays a thread hand-off for each. A hint that never changes what a read returns;
   * false unless the implementation knows better.
   */
  default boolean readsLocally() {
    return false;
  }

  /**
   * Starts reading every range of {@code ranges} and returns a future that completes once all are
   * in their arrays: normally, or exceptionally with an {@link IOException} naming the file (an
   * {@link java.io.EOFException} for a range past the end) after every range's read has ended, so
   * no array is written after the future completes. The ranges need not be sorted.
   *
   * <p>Where {@link #overlapsRangeReads()} is true the file system serves them together (a vectored
   * read) and this returns before they are read; otherwise they are read one after another on the
   * calling thread before this returns, which is what this default does.
   *
   * @throws IllegalArgumentException if two ranges overlap
   */
  default CompletableFuture<Void> readRanges(List<ReadRange> ranges) {
    ReadRange.requireDisjoint(ranges, path());
    try {
      for (ReadRange r : ranges) {
        readFully(r.position(), r.dst(), r.offset(), r.length());
      }
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Whether {@link #readRanges} overlaps the waits of its ranges without a thread for each (the
   * file system serves a vectored read concurrently): a caller with many reads of this file then
   * hands them over in one call instead of spreading single reads over threads. A hint that never
   * changes what a read returns; false unless the implementation knows better.
   */
  default boolean overlapsRangeReads() {
    return false;
  }

  /** Releases pooled streams. Reads after close throw {@link IllegalStateException}. */
  @Override
  void close() throws IOException;
}
