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
 * a {@link ChecksumMismatchException}. Stateless.
 */
final class EntryReader {

  private EntryReader() {}

  /**
   * Copies entry bytes {@code [position, position + length)} (relative to the entry's first byte)
   * into {@code dst[dstOffset..]}.
   *
   * @throws ChecksumMismatchException if a chunk does not verify or the file is short
   * @throws java.nio.file.NoSuchFileException if the entry's file is gone (evicted or deleted)
   * @throws IOException on any other local read failure, naming the file
   */
  static void read(CacheEntry entry, long position, byte[] dst, int dstOffset, int length)
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
    long end = Math.min(entry.dataLength(), (lastChunk + 1) * chunk);
    ByteBuffer buf = ByteBuffer.allocate((int) (end - start));
    try (FileChannel channel = FileChannel.open(entry.file(), StandardOpenOption.READ)) {
      while (buf.hasRemaining()) {
        int n = channel.read(buf, start + buf.position());
        if (n < 0) {
          throw new ChecksumMismatchException(
              entry.file(), start + buf.position(), "file ends before its data does");
        }
      }
    }
    byte[] bytes = buf.array();
    CRC32C crc = new CRC32C();
    for (long c = firstChunk; c <= lastChunk; c++) {
      int from = (int) ((c - firstChunk) * chunk);
      int to = (int) Math.min(bytes.length, from + (long) chunk);
      crc.reset();
      crc.update(bytes, from, to - from);
      if ((int) crc.getValue() != entry.crcs()[(int) c]) {
        throw new ChecksumMismatchException(
            entry.file(), c * chunk, "CRC32C mismatch in chunk " + c);
      }
    }
    System.arraycopy(bytes, (int) (position - start), dst, dstOffset, length);
  }
}
