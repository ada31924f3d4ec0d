package io.sediment.lsm.internal.sst;

import com.github.luben.zstd.Zstd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.CorruptionException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Reads one block of an SST: reads its stored bytes and trailer, verifies the CRC32C, and
 * decompresses it. Every failure of those checks is a {@link CorruptionException} naming the file
 * and the block's offset; nothing unchecked is ever returned. Stateless and thread-safe.
 */
final class BlockReader {

  private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

  /** Largest uncompressed block accepted: what a heap array can hold. */
  private static final int MAX_BLOCK_BYTES = Integer.MAX_VALUE - 16;

  private BlockReader() {}

  /**
   * Reads a data block into a heap buffer from {@code allocator}.
   *
   * @return a buffer (reference count 1, owned by the caller) whose readable bytes are the block
   */
  static ByteBuf readToBuffer(ReadableFile file, BlockHandle handle, ByteBufAllocator allocator)
      throws IOException {
    int stored = storedLength(file, handle);
    ByteBuf raw = allocator.heapBuffer(stored + SstFormat.BLOCK_TRAILER_BYTES);
    try {
      readFully(file, handle, raw.array(), raw.arrayOffset(), stored);
      int type = verify(file, handle, raw.array(), raw.arrayOffset(), stored);
      if (type == Compression.NONE.code()) {
        raw.writerIndex(stored);
        ByteBuf result = raw;
        raw = null;
        return result;
      }
      byte[] src = raw.array();
      int srcOffset = raw.arrayOffset();
      int length = uncompressedLength(file, handle, src, srcOffset, stored);
      ByteBuf out = allocator.heapBuffer(length);
      try {
        decompress(
            file, handle, type, src, srcOffset, stored, out.array(), out.arrayOffset(), length);
        out.writerIndex(length);
        ByteBuf result = out;
        out = null;
        return result;
      } finally {
        if (out != null) {
          out.release();
        }
      }
    } finally {
      if (raw != null) {
        raw.release();
      }
    }
  }

  /** Reads a metadata block into a new array of exactly its decoded length. */
  static byte[] readToArray(ReadableFile file, BlockHandle handle) throws IOException {
    int stored = storedLength(file, handle);
    byte[] raw = new byte[stored + SstFormat.BLOCK_TRAILER_BYTES];
    readFully(file, handle, raw, 0, stored);
    int type = verify(file, handle, raw, 0, stored);
    if (type == Compression.NONE.code()) {
      return Arrays.copyOf(raw, stored);
    }
    int length = uncompressedLength(file, handle, raw, 0, stored);
    byte[] out = new byte[length];
    decompress(file, handle, type, raw, 0, stored, out, 0, length);
    return out;
  }

  /**
   * The bytes a read of the block at {@code handle} fetches: its stored bytes and its trailer.
   *
   * @throws CorruptionException naming file and offset if the handle lies outside the file
   */
  static int storedBytesWithTrailer(ReadableFile file, BlockHandle handle)
      throws CorruptionException {
    return storedLength(file, handle) + SstFormat.BLOCK_TRAILER_BYTES;
  }

  private static int storedLength(ReadableFile file, BlockHandle handle)
      throws CorruptionException {
    if (handle.offset() < 0
        || handle.size() < 0
        || handle.size() > MAX_BLOCK_BYTES - SstFormat.BLOCK_TRAILER_BYTES
        || handle.end() > file.size()) {
      throw new CorruptionException(
          file.path().toString(),
          handle.offset(),
          "block handle (size "
              + handle.size()
              + ") outside the file of "
              + file.size()
              + " bytes");
    }
    return (int) handle.size();
  }

  private static void readFully(
      ReadableFile file, BlockHandle handle, byte[] dst, int offset, int stored)
      throws IOException {
    try {
      file.readFully(handle.offset(), dst, offset, stored + SstFormat.BLOCK_TRAILER_BYTES);
    } catch (EOFException e) {
      throw new CorruptionException(
          file.path().toString(), handle.offset(), "block is truncated: " + e.getMessage(), e);
    }
  }

  /** Checks the trailer; returns the compression type code. */
  private static int verify(ReadableFile file, BlockHandle handle, byte[] b, int off, int stored)
      throws CorruptionException {
    CRC32C crc = new CRC32C();
    crc.update(b, off, stored + 1);
    int expected = Coding.getIntLE(b, off + stored + 1);
    if ((int) crc.getValue() != expected) {
      throw new CorruptionException(
          file.path().toString(),
          handle.offset(),
          String.format(
              "block checksum mismatch: stored %08x, computed %08x over %d bytes",
              expected, (int) crc.getValue(), stored + 1));
    }
    int type = b[off + stored] & 0xFF;
    if (type > Compression.ZSTD.code()) {
      throw new CorruptionException(
          file.path().toString(), handle.offset(), "unknown block compression type " + type);
    }
    return type;
  }

  private static int uncompressedLength(
      ReadableFile file, BlockHandle handle, byte[] b, int off, int stored)
      throws CorruptionException {
    try {
      Decoder in = new Decoder(b, off, stored);
      long length = in.varint64();
      if (length > MAX_BLOCK_BYTES) {
        throw new BlockFormatException("uncompressed length " + length + " too large");
      }
      return (int) length;
    } catch (BlockFormatException e) {
      throw new CorruptionException(file.path().toString(), handle.offset(), e.getMessage());
    }
  }

  private static void decompress(
      ReadableFile file,
      BlockHandle handle,
      int type,
      byte[] src,
      int srcOffset,
      int stored,
      byte[] dst,
      int dstOffset,
      int length)
      throws CorruptionException {
    Decoder lengthPrefix = new Decoder(src, srcOffset, stored);
    lengthPrefix.varint64();
    int header = lengthPrefix.position();
    int from = srcOffset + header;
    int compressedLength = stored - header;
    long produced;
    try {
      if (type == Compression.LZ4.code()) {
        produced = LZ4.decompress(src, from, compressedLength, dst, dstOffset, length);
      } else {
        produced = Zstd.decompressByteArray(dst, dstOffset, length, src, from, compressedLength);
        if (Zstd.isError(produced)) {
          throw new CorruptionException(
              file.path().toString(),
              handle.offset(),
              "zstd block does not decompress: " + Zstd.getErrorName(produced));
        }
      }
    } catch (RuntimeException e) {
      throw new CorruptionException(
          file.path().toString(),
          handle.offset(),
          Compression.fromCode(type) + " block does not decompress: " + e.getMessage(),
          e);
    }
    if (produced != length) {
      throw new CorruptionException(
          file.path().toString(),
          handle.offset(),
          Compression.fromCode(type)
              + " block decompressed to "
              + produced
              + " bytes, expected "
              + length);
    }
  }
}
