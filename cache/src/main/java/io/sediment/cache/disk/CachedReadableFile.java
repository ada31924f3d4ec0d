package io.sediment.cache.disk;

import io.netty.buffer.ByteBuf;
import io.sediment.fs.ReadRange;
import io.sediment.fs.ReadableFile;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.fs.Path;

/**
 * A remote file read through the local-disk tier: same contract as the remote {@link ReadableFile}
 * it wraps, and the same bytes, served locally where a verified copy exists.
 *
 * <p>Thread-safe like every {@link ReadableFile}. Owns the remote file: {@link #close()} closes it.
 * A read spanning several cache units is served unit by unit.
 */
final class CachedReadableFile implements ReadableFile {

  private final ReadableFile remote;
  private final FileIdentity identity;
  private final SegmentLayout layout;
  private final SegmentReadPath readPath;
  private volatile boolean closed;

  CachedReadableFile(
      ReadableFile remote, FileIdentity identity, SegmentLayout layout, SegmentReadPath readPath) {
    this.remote = remote;
    this.identity = identity;
    this.layout = layout;
    this.readPath = readPath;
  }

  @Override
  public Path path() {
    return remote.path();
  }

  @Override
  public long size() {
    return identity.length();
  }

  /** As the file behind the cache: a local copy still costs a miss's remote read. */
  @Override
  public boolean readsLocally() {
    return remote.readsLocally();
  }

  @Override
  public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
    checkRange(position, length);
    if (offset < 0 || offset > dst.length - length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", " + offset + "+" + length + ") outside array of " + dst.length);
    }
    forEachUnitPart(
        position,
        length,
        (key, unitStart, unitLength, pos, done, n) ->
            readPath.read(
                remote, key, unitStart, unitLength, pos - unitStart, dst, offset + done, n));
  }

  /**
   * One unit's part of a read: {@code n} bytes at {@code pos}, {@code done} bytes into the read.
   */
  @FunctionalInterface
  private interface UnitPart<E extends Exception> {
    void accept(SegmentKey key, long unitStart, long unitLength, long pos, int done, int n)
        throws E;
  }

  /** Cuts {@code [position, position + length)} at unit boundaries, in order. */
  private <E extends Exception> void forEachUnitPart(long position, int length, UnitPart<E> part)
      throws E {
    long pos = position;
    int done = 0;
    while (done < length) {
      long index = layout.indexOf(pos);
      long unitStart = layout.offsetOf(index);
      long unitLength = layout.lengthOf(identity, index);
      int n = (int) Math.min(length - done, unitStart + unitLength - pos);
      part.accept(new SegmentKey(identity, index), unitStart, unitLength, pos, done, n);
      done += n;
      pos += n;
    }
  }

  /** As the file behind the cache, which serves the misses of {@link #readRanges}. */
  @Override
  public boolean overlapsRangeReads() {
    return remote.overlapsRangeReads();
  }

  /**
   * Serves each range unit by unit from the local copies on the calling thread, and hands what they
   * do not hold to the remote file in one {@link ReadableFile#readRanges} call, after starting the
   * background loads of the units missed.
   */
  @Override
  public CompletableFuture<Void> readRanges(List<ReadRange> ranges) {
    ReadRange.requireDisjoint(ranges, remote.path());
    List<ReadRange> misses = new ArrayList<>();
    for (ReadRange r : ranges) {
      try {
        checkRange(r.position(), r.length());
      } catch (EOFException e) {
        return CompletableFuture.failedFuture(e);
      }
      forEachUnitPart(
          r.position(),
          r.length(),
          (key, unitStart, unitLength, pos, done, n) -> {
            int at = r.offset() + done;
            if (!readPath.readIfLocal(
                remote, key, unitStart, unitLength, pos - unitStart, r.dst(), at, n)) {
              misses.add(new ReadRange(pos, r.dst(), at, n));
            }
          });
    }
    if (misses.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long remoteBytes = misses.stream().mapToLong(ReadRange::length).sum();
    return remote.readRanges(misses).thenRun(() -> readPath.countRemoteBytes(remoteBytes));
  }

  @Override
  public void readFully(long position, ByteBuf dst, int length) throws IOException {
    checkRange(position, length);
    dst.ensureWritable(length);
    if (dst.hasArray()) {
      readFully(position, dst.array(), dst.arrayOffset() + dst.writerIndex(), length);
    } else {
      byte[] tmp = new byte[length];
      readFully(position, tmp, 0, length);
      dst.setBytes(dst.writerIndex(), tmp);
    }
    dst.writerIndex(dst.writerIndex() + length);
  }

  private void checkRange(long position, int length) throws EOFException {
    if (closed) {
      throw new IllegalStateException("file already closed: " + remote.path());
    }
    if (position < 0) {
      throw new IllegalArgumentException(
          "negative read position " + position + " in " + remote.path());
    }
    if (length < 0) {
      throw new IllegalArgumentException("negative read length " + length + " in " + remote.path());
    }
    if (position > identity.length() - length) {
      throw new EOFException(
          "read of "
              + length
              + " bytes at position "
              + position
              + " passes the end of "
              + remote.path()
              + " ("
              + identity.length()
              + " bytes)");
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    remote.close();
  }

  @Override
  public String toString() {
    return "CachedReadableFile[" + remote.path() + ", " + identity.length() + " bytes]";
  }
}
