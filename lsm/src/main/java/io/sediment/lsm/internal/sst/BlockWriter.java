package io.sediment.lsm.internal.sst;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.sediment.fs.WritableFile;
import io.sediment.lsm.Compression;
import java.io.IOException;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Writes finished blocks to an SST: compresses them when that pays, appends the trailer (type byte
 * and CRC32C over the stored contents and the type byte) and returns their handles.
 *
 * <p>A compressed block stores {@code varint32 uncompressedLength || compressed bytes}; if that is
 * not at least 1/8 smaller than the raw block, the raw block is stored with type NONE instead, so
 * incompressible data costs no decompression on reads. One instance per writer: it reuses its
 * output buffer and (for Zstandard) its native compression context. Not thread-safe.
 */
final class BlockWriter implements AutoCloseable {

  private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();

  private final WritableFile out;
  private final CRC32C crc = new CRC32C();
  private final byte[] trailer = new byte[SstFormat.BLOCK_TRAILER_BYTES];
  private ZstdCompressCtx zstd;
  private byte[] scratch = new byte[0];

  BlockWriter(WritableFile out) {
    this.out = out;
  }

  /**
   * Writes {@code raw[0, length)} as one block at the file's current position.
   *
   * @param compression what to try; NONE stores the block as is
   * @return the block's handle
   */
  BlockHandle write(byte[] raw, int length, Compression compression) throws IOException {
    long offset = out.position();
    if (compression != Compression.NONE) {
      int stored = compress(raw, length, compression);
      if (stored >= 0 && stored <= length - length / 8) {
        scratch[stored] = (byte) compression.code();
        crc.reset();
        crc.update(scratch, 0, stored + 1);
        Coding.putIntLE(scratch, stored + 1, (int) crc.getValue());
        out.write(scratch, 0, stored + SstFormat.BLOCK_TRAILER_BYTES);
        return new BlockHandle(offset, stored);
      }
    }
    trailer[0] = (byte) Compression.NONE.code();
    crc.reset();
    crc.update(raw, 0, length);
    crc.update(trailer, 0, 1);
    Coding.putIntLE(trailer, 1, (int) crc.getValue());
    out.write(raw, 0, length);
    out.write(trailer, 0, trailer.length);
    return new BlockHandle(offset, length);
  }

  /**
   * Compresses into {@link #scratch} as {@code varint32 length || compressed}; returns the stored
   * length, or -1 if the codec could not make it smaller than the raw block.
   */
  private int compress(byte[] raw, int length, Compression compression) {
    int header = Coding.varintLength(length);
    long bound =
        compression == Compression.LZ4
            ? LZ4.maxCompressedLength(length)
            : Zstd.compressBound(length);
    long needed = header + bound + SstFormat.BLOCK_TRAILER_BYTES;
    if (needed > Integer.MAX_VALUE - 16) {
      return -1;
    }
    if (scratch.length < needed) {
      scratch = new byte[(int) needed];
    }
    int pos = Coding.putVarint32(scratch, 0, length);
    int compressed;
    if (compression == Compression.LZ4) {
      compressed = LZ4.compress(raw, 0, length, scratch, pos, (int) bound);
    } else {
      if (zstd == null) {
        zstd = new ZstdCompressCtx();
        zstd.setLevel(SstFormat.ZSTD_LEVEL);
      }
      compressed = zstd.compressByteArray(scratch, pos, (int) bound, raw, 0, length);
    }
    return pos + compressed;
  }

  /** Frees the native compression context, if any. Idempotent. */
  @Override
  public void close() {
    if (zstd != null) {
      zstd.close();
      zstd = null;
    }
  }
}
