package io.sediment.cache.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a byte range of a cached entry and verifies it.
 *
 * <p>Every chunk that overlaps the range is read whole and checked against its stored CRC32C before
 * any byte is handed out, so a caller either gets exactly the bytes that were copied from remote or
 * a {@link ChecksumMismatchException}.
 *
 * <p>The chunks are read into a direct buffer kept per thread (up to {@value #MAX_KEPT_BUFFER}
 * bytes; larger reads take a buffer of their own), checksummed there and only the requested bytes
 * are copied out: a small read of a large chunk costs one copy of what it asked for, no heap
 * garbage. Stateless apart from those buffers.
 */
final class EntryReader {

  /** Largest read buffer a thread keeps between reads: a few blocks' worth of 64 KiB chunks. */
  static final int MAX_KEPT_BUFFER = 512 << 10;

  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(128 << 10));

  private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

  private EntryReader() {}

  /**
   * Copies entry bytes {@code [position, position + length)} (relative to the entry's first byte)
   * into {@code dst[dstOffset..]}, opening the entry's file for this one read.
   *
   * @throws ChecksumMismatchException if a chunk does not verify or the file is short
   * @throws java.nio.file.NoSuchFileException if the entry's file is gone (evicted or deleted)
   * @throws IOException on any other local read failure, naming the file
   */
  static void read(CacheEntry entry, long position, byte[] dst, int dstOffset, int length)
      throws IOException {
    try (FileChannel channel = FileChannel.open(entry.file(), StandardOpenOption.READ)) {
      read(channel, entry, position, dst, dstOffset, length);
    }
  }

  /**
   * As {@link #read(CacheEntry, long, byte[], int, int)}, through an open {@code channel} of the
   * entry's file (positional reads only: the channel may be shared by concurrent readers).
   */
  static void read(
      FileChannel channel, CacheEntry entry, long position, byte[] dst, int dstOffset, int length)
      throws IOException {
    if (position < 0 || length < 0 || position + length > entry.dataLength()) {
      throw new IllegalArgumentException(
          "range ["
              + position
              + ", "
              + (position + length)
              + ") outside entry of "
              + entry.dataLength()
              + " bytes: "
              + entry.file());
    }
    if (length == 0) {
      return;
    }
    int chunk = entry.chunkBytes();
    long firstChunk = position / chunk;
    long lastChunk = (position + length - 1) / chunk;
    long start = firstChunk * chunk;
    int span = (int) (Math.min(entry.dataLength(), (lastChunk + 1) * chunk) - start);
    ByteBuffer buf = buffer(span);
    while (buf.hasRemaining()) {
      int n = channel.read(buf, start + buf.position());
      if (n < 0) {
        throw new ChecksumMismatchException(
            entry.file(), start + buf.position(), "file ends before its data does");
      }
    }
    CRC32C crc = CRC.get();
    for (long c = firstChunk; c <= lastChunk; c++) {
      int from = (int) ((c - firstChunk) * chunk);
      int to = (int) Math.min(span, from + (long) chunk);
      crc.reset();
      crc.update(buf.limit(to).position(from));
      if ((int) crc.getValue() != entry.crcs()[(int) c]) {
        throw new ChecksumMismatchException(
            entry.file(), c * chunk, "CRC32C mismatch in chunk " + c);
      }
    }
    int from = (int) (position - start);
    buf.limit(from + length).position(from);
    buf.get(dst, dstOffset, length);
  }

  /** This thread's buffer, cleared and limited to {@code bytes}, or a new one if too large. */
  private static ByteBuffer buffer(int bytes) {
    ByteBuffer kept = BUFFER.get();
    if (kept.capacity() < bytes) {
      if (bytes > MAX_KEPT_BUFFER) {
        return ByteBuffer.allocate(bytes);
      }
      kept =
          ByteBuffer.allocateDirect(
              Math.min(MAX_KEPT_BUFFER, Math.max(bytes, kept.capacity() * 2)));
      BUFFER.set(kept);
    }
    return kept.clear().limit(bytes);
  }
}
