package io.sediment.snapshot;

import io.sediment.fs.FileOwnership;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.StoreFileCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Byte encoding of a {@link CheckpointHandle}, specified in {@code docs/format/checkpoint.md}.
 * Big-endian; the encoding ends with a CRC32C of every byte before it, and the header declares the
 * total length, so a truncated, extended or damaged encoding is always refused.
 */
final class CheckpointCodec {

  /** "SEDCHKPT" in ASCII. */
  static final long MAGIC = 0x53454443484B5054L;

  /** The version written: version 2 plus the key-group declaration and each file's clip. */
  static final int FORMAT_VERSION = 3;

  /** The oldest version read: it has no storage URI. */
  static final int OLDEST_READABLE_VERSION = 1;

  /** Magic, format version, total length. */
  static final int HEADER_BYTES = 16;

  static final int TRAILER_BYTES = 4;

  private CheckpointCodec() {}

  static byte[] encode(CheckpointHandle h) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + 160 * h.fileCount());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(0); // total length, patched below
      out.writeLong(h.id());
      out.writeLong(h.sequence());
      writeOptionalString(out, h.storageUri());
      writeOptionalString(out, h.mergeFunctionName());
      byte[] codes = h.compressionCodes();
      out.writeByte(codes.length);
      out.write(codes);
      KeyGroupRange range = h.keyGroupRange();
      if (range == null) {
        out.writeByte(0);
      } else {
        out.writeByte(1);
        out.writeInt(range.start());
        out.writeInt(range.end());
        out.writeInt(h.maxParallelism());
      }
      out.writeInt(h.files().size());
      for (StoreFile f : h.files()) {
        StoreFileCodec.write(out, f);
        StoreFileCodec.writeClip(out, f);
      }
      out.writeInt(0); // CRC placeholder
      out.flush();
      byte[] result = bytes.toByteArray();
      ByteBuffer buf = ByteBuffer.wrap(result);
      buf.putInt(12, result.length);
      CRC32C crc = new CRC32C();
      crc.update(result, 0, result.length - TRAILER_BYTES);
      buf.putInt(result.length - TRAILER_BYTES, (int) crc.getValue());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory write failed", e);
    }
  }

  private static void writeOptionalString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static String readOptionalString(ByteBuffer buf, String file, String what)
      throws CorruptionException {
    int present = buf.get();
    if (present == 1) {
      int at = buf.position();
      int len = buf.getInt();
      if (len < 0 || len > buf.remaining()) {
        throw new CorruptionException(file, at, "bad " + what + " length " + len);
      }
      byte[] bytes = new byte[len];
      buf.get(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } else if (present != 0) {
      throw new CorruptionException(file, buf.position() - 1, "bad " + what + " flag");
    }
    return null;
  }

  /** The format version of an encoding {@link #decode} accepted (bytes 8..11). */
  static int formatVersion(byte[] decoded) {
    return ByteBuffer.wrap(decoded).getInt(8);
  }

  /**
   * Decodes checkpoint metadata read from {@code file} (a path, or a label for bytes in memory).
   *
   * @throws CorruptionException naming {@code file} and the offset of the first failed check
   */
  static CheckpointHandle decode(byte[] data, String file) throws CorruptionException {
    if (data.length < HEADER_BYTES + TRAILER_BYTES) {
      throw new CorruptionException(
          file, data.length, "only " + data.length + " bytes, less than checkpoint metadata needs");
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    if (buf.getLong(0) != MAGIC) {
      throw new CorruptionException(file, 0, "bad checkpoint metadata magic");
    }
    int version = buf.getInt(8);
    if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
      throw new CorruptionException(
          file, 8, "unsupported checkpoint metadata format version " + version);
    }
    int total = buf.getInt(12);
    if (total != data.length) {
      throw new CorruptionException(
          file, 12, "header declares " + total + " bytes but there are " + data.length);
    }
    CRC32C crc = new CRC32C();
    crc.update(data, 0, total - TRAILER_BYTES);
    int stored = buf.getInt(total - TRAILER_BYTES);
    if ((int) crc.getValue() != stored) {
      throw new CorruptionException(
          file,
          total - TRAILER_BYTES,
          String.format(
              "checkpoint metadata checksum mismatch: stored %08x, computed %08x",
              stored, (int) crc.getValue()));
    }
    buf.position(HEADER_BYTES);
    buf.limit(total - TRAILER_BYTES);
    try {
      long id = buf.getLong();
      long sequence = buf.getLong();
      String storage = null;
      if (version >= 2) {
        int at = buf.position();
        storage = readOptionalString(buf, file, "storage URI");
        if (storage != null && storage.isEmpty()) {
          throw new CorruptionException(file, at, "empty storage URI");
        }
      }
      String merge = readOptionalString(buf, file, "merge-function");
      int levels = buf.get() & 0xFF;
      if (levels != StoreFile.NUM_LEVELS) {
        throw new CorruptionException(file, buf.position() - 1, "bad level count " + levels);
      }
      byte[] codes = new byte[levels];
      buf.get(codes);
      KeyGroupRange range = null;
      int maxParallelism = 0;
      if (version >= 3) {
        int at = buf.position();
        int present = buf.get();
        if (present == 1) {
          int start = buf.getInt();
          int end = buf.getInt();
          maxParallelism = buf.getInt();
          if (start < 0 || end < start) {
            throw new CorruptionException(
                file, at, "bad key-group range [" + start + ", " + end + "]");
          }
          range = KeyGroupRange.of(start, end);
        } else if (present != 0) {
          throw new CorruptionException(file, at, "bad key-group flag " + present);
        }
      }
      boolean withClips = version >= 3;
      int count = buf.getInt();
      if (count < 0) {
        throw new CorruptionException(file, buf.position() - 4, "negative file count " + count);
      }
      List<StoreFile> files = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        // Checkpoints list files by where they live; the checkpoint, not the reader, owns them.
        int at = buf.position();
        StoreFile f = StoreFileCodec.read(buf, file, FileOwnership.NOT_OWNED, withClips);
        if (f.inStoreDirectory()) {
          throw new CorruptionException(
              file, at, "file " + f.fileNumber() + " has no physical path");
        }
        files.add(f);
      }
      if (buf.hasRemaining()) {
        throw new CorruptionException(
            file, buf.position(), buf.remaining() + " unexpected bytes after the file list");
      }
      try {
        return new CheckpointHandle(
            id, sequence, storage, merge, codes, files, range, maxParallelism);
      } catch (IllegalArgumentException e) {
        throw new CorruptionException(
            file, HEADER_BYTES, "inconsistent checkpoint metadata: " + e.getMessage(), e);
      }
    } catch (BufferUnderflowException e) {
      throw new CorruptionException(
          file, buf.position(), "checkpoint metadata ends inside a field", e);
    }
  }
}
