package io.sediment.cache.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes the data of one entry into a temporary file of the cache directory, checksumming it chunk
 * by chunk, and then seals it with its trailer.
 *
 * <p>Not thread-safe: one writer per entry. The temporary file is invisible to readers (its name
 * ends in {@link EntryFormat#TEMP_SUFFIX}); only {@link CacheIndex#publish} moves it into place,
 * atomically. A writer that is abandoned deletes its file. Local write failures surface as {@link
 * IOException}s naming the file; the caller decides what they mean for the cache.
 */
final class EntryWriter {

  private final Path tempFile;
  private final int chunkBytes;
  private FileChannel channel;
  private final CRC32C chunkCrc = new CRC32C();
  private int[] crcs = new int[16];
  private int completeChunks;
  private int bytesInChunk;
  private long dataLength;
  private boolean sealed;

  private EntryWriter(Path tempFile, FileChannel channel, int chunkBytes) {
    this.tempFile = tempFile;
    this.channel = channel;
    this.chunkBytes = chunkBytes;
  }

  /** Creates a new temporary file in {@code dir}. */
  static EntryWriter create(Path dir, int chunkBytes) throws IOException {
    Path temp = Files.createTempFile(dir, EntryFormat.TEMP_PREFIX, EntryFormat.TEMP_SUFFIX);
    FileChannel channel;
    try {
      channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot open cache file " + temp + ": " + e.getMessage(), e);
    }
    return new EntryWriter(temp, channel, chunkBytes);
  }

  Path tempFile() {
    return tempFile;
  }

  /** Number of data bytes written so far. */
  long dataLength() {
    return dataLength;
  }

  /** Appends data bytes. */
  void write(byte[] src, int offset, int length) throws IOException {
    if (sealed) {
      throw new IllegalStateException("entry already sealed: " + tempFile);
    }
    ByteBuffer buf = ByteBuffer.wrap(src, offset, length);
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } catch (IOException e) {
      throw new IOException("write to cache file " + tempFile + " failed: " + e.getMessage(), e);
    }
    checksum(src, offset, length);
    dataLength += length;
  }

  private void checksum(byte[] src, int offset, int length) {
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      int n = Math.min(end - pos, chunkBytes - bytesInChunk);
      chunkCrc.update(src, pos, n);
      bytesInChunk += n;
      pos += n;
      if (bytesInChunk == chunkBytes) {
        endChunk();
      }
    }
  }

  private void endChunk() {
    if (completeChunks == crcs.length) {
      crcs = Arrays.copyOf(crcs, crcs.length * 2);
    }
    crcs[completeChunks++] = (int) chunkCrc.getValue();
    chunkCrc.reset();
    bytesInChunk = 0;
  }

  /** Bytes the trailer and footer will add once the entry is sealed under {@code key}. */
  long sealBytes(SegmentKey key) {
    return EntryFormat.diskBytes(key.file(), dataLength, chunkBytes) - dataLength;
  }

  /**
   * Closes the data part without sealing, releasing the file handle. A write-through keeps many
   * segments pending until the remote file is closed; they should not hold a handle each.
   */
  void suspend() throws IOException {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new IOException("close of cache file " + tempFile + " failed: " + e.getMessage(), e);
      } finally {
        channel = null;
      }
    }
  }

  /**
   * Writes trailer and footer for {@code key} covering remote bytes {@code [offset, offset +
   * dataLength())} and closes the file. Nothing is forced to the device: a cache entry lost or torn
   * by a crash fails its checksums and is discarded, which is cheaper than a sync per entry.
   *
   * @return the entry as it will be once published at its final name
   */
  CacheEntry seal(SegmentKey key, long offset, Path finalFile) throws IOException {
    if (bytesInChunk > 0) {
      endChunk();
    }
    int[] table = Arrays.copyOf(crcs, completeChunks);
    byte[] trailer = EntryFormat.encodeTrailerAndFooter(key, offset, dataLength, chunkBytes, table);
    try {
      if (channel == null) {
        channel = FileChannel.open(tempFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      }
      ByteBuffer buf = ByteBuffer.wrap(trailer);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } catch (IOException e) {
      throw new IOException("cannot seal cache file " + tempFile + ": " + e.getMessage(), e);
    } finally {
      sealed = true;
      suspend();
    }
    return new CacheEntry(
        key, finalFile, offset, dataLength, chunkBytes, table, dataLength + trailer.length);
  }

  /** Closes and deletes the temporary file; never throws. */
  void abandon() {
    sealed = true;
    try {
      suspend();
    } catch (IOException ignored) {
      // The file is deleted next; a failed close changes nothing.
    }
    try {
      Files.deleteIfExists(tempFile);
    } catch (IOException ignored) {
      // Left behind, it is removed by the next open's directory scan.
    }
  }
}
