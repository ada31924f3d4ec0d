package io.sediment.lsm.internal.manifest;

import io.sediment.fs.FileOwnership;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.keygroup.KeyGroupDeclaration;
import io.sediment.lsm.internal.version.FileEntryCodec;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Byte encoding of a {@link ManifestContents}; the layout is specified in {@code
 * docs/format/manifest.md}. Big-endian throughout; the file ends with a CRC32C of every byte before
 * it.
 *
 * <p>Decoding distinguishes a <em>torn</em> file (shorter than the length its header declares: a
 * publish that never completed, so it was never in force) from a <em>corrupt</em> one (complete but
 * failing a check), because recovery falls back past the first and must refuse the second.
 */
public final class ManifestCodec {

  /** "SEDMANIF" in ASCII. */
  static final long MAGIC = 0x5345444D414E4946L;

  /**
   * Current format version. Version 2 added one ownership byte per file, version 3 the pending
   * output numbers after the files, version 4 the declared key groups after the compression codes
   * and a clip after each file's ownership byte; older files are still read (version 1 ownership
   * follows from the physical path, versions 1 and 2 record no pending outputs, versions 1 to 3 no
   * key groups and no clips).
   */
  public static final int FORMAT_VERSION = 4;

  /** The oldest format version still decoded. */
  static final int OLDEST_READABLE_VERSION = 1;

  /** Magic, format version, total length. */
  static final int HEADER_BYTES = 16;

  static final int TRAILER_BYTES = 4;

  private ManifestCodec() {}

  /** Raised for a file shorter than its header says: never a complete publish. */
  public static final class TornManifestException extends IOException {
    private static final long serialVersionUID = 1L;

    TornManifestException(String message) {
      super(message);
    }
  }

  /** Encodes {@code m}. */
  public static byte[] encode(ManifestContents m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 128 * m.files().size());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(0); // total length, patched below
      out.writeLong(m.manifestNumber());
      if (m.mergeFunctionName() == null) {
        out.writeByte(0);
      } else {
        out.writeByte(1);
        FileEntryCodec.writeBytes(out, m.mergeFunctionName().getBytes(StandardCharsets.UTF_8));
      }
      byte[] codes = m.compressionCodes();
      out.writeByte(codes.length);
      out.write(codes);
      KeyGroupDeclaration kg = m.keyGroups();
      if (kg == null) {
        out.writeByte(0);
      } else {
        out.writeByte(1);
        out.writeInt(kg.maxParallelism());
        out.writeInt(kg.range().start());
        out.writeInt(kg.range().end());
      }
      out.writeLong(m.nextFileNumber());
      out.writeLong(m.lastSequence());
      out.writeLong(m.logNumber());
      out.writeInt(m.files().size());
      for (FileMetadata f : m.files()) {
        FileEntryCodec.write(out, f);
        out.writeByte(ownershipCode(f.ownership()));
        FileEntryCodec.writeClip(out, f);
      }
      out.writeInt(m.pendingOutputs().size());
      for (long n : m.pendingOutputs()) {
        out.writeLong(n);
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

  private static int ownershipCode(FileOwnership ownership) {
    return switch (ownership) {
      case OWNED -> 0;
      case SHARED -> 1;
      case NOT_OWNED -> 2;
    };
  }

  /**
   * Decodes a manifest read from {@code file}.
   *
   * @throws TornManifestException if the data is a strict prefix of what the header declares
   * @throws CorruptionException naming the file and offset for any failed check
   */
  public static ManifestContents decode(byte[] data, String file) throws IOException {
    if (data.length < HEADER_BYTES) {
      throw new TornManifestException(
          file + " has only " + data.length + " bytes, less than a manifest header");
    }
    ByteBuffer buf = ByteBuffer.wrap(data);
    if (buf.getLong(0) != MAGIC) {
      throw new CorruptionException(file, 0, "bad manifest magic");
    }
    int version = buf.getInt(8);
    if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
      throw new CorruptionException(file, 8, "unsupported manifest format version " + version);
    }
    int total = buf.getInt(12);
    if (total < HEADER_BYTES + TRAILER_BYTES) {
      throw new CorruptionException(file, 12, "bad manifest length " + total);
    }
    if (data.length < total) {
      throw new TornManifestException(
          file + " has " + data.length + " bytes but its header declares " + total);
    }
    if (data.length > total) {
      throw new CorruptionException(
          file, total, "manifest has " + (data.length - total) + " bytes past its declared end");
    }
    CRC32C crc = new CRC32C();
    crc.update(data, 0, total - TRAILER_BYTES);
    int stored = buf.getInt(total - TRAILER_BYTES);
    if ((int) crc.getValue() != stored) {
      throw new CorruptionException(
          file,
          total - TRAILER_BYTES,
          String.format(
              "manifest checksum mismatch: stored %08x, computed %08x",
              stored, (int) crc.getValue()));
    }
    buf.position(HEADER_BYTES);
    buf.limit(total - TRAILER_BYTES);
    try {
      long number = buf.getLong();
      String merge = null;
      int hasMerge = buf.get();
      if (hasMerge == 1) {
        merge = new String(FileEntryCodec.readBytes(buf, file), StandardCharsets.UTF_8);
      } else if (hasMerge != 0) {
        throw new CorruptionException(file, buf.position() - 1, "bad merge-function flag");
      }
      int levels = buf.get() & 0xFF;
      if (levels != Version.NUM_LEVELS) {
        throw new CorruptionException(file, buf.position() - 1, "bad level count " + levels);
      }
      byte[] codes = new byte[levels];
      buf.get(codes);
      KeyGroupDeclaration keyGroups = version >= 4 ? readKeyGroups(buf, file) : null;
      long nextFile = buf.getLong();
      long lastSeq = buf.getLong();
      long logNumber = buf.getLong();
      int count = buf.getInt();
      if (count < 0) {
        throw new CorruptionException(file, buf.position() - 4, "negative file count " + count);
      }
      List<FileMetadata> files = new ArrayList<>(Math.min(count, 1 << 16));
      FileEntryCodec.OwnershipField ownership =
          version == 1
              ? (b, fileNumber, physical, at) ->
                  physical.isEmpty() ? FileOwnership.OWNED : FileOwnership.NOT_OWNED
              : (b, fileNumber, physical, at) -> readOwnership(b, file);
      for (int i = 0; i < count; i++) {
        files.add(FileEntryCodec.read(buf, file, ownership, version >= 4));
      }
      List<Long> pending = new ArrayList<>();
      if (version >= 3) {
        int pendingCount = buf.getInt();
        if (pendingCount < 0 || pendingCount > buf.remaining() / 8) {
          throw new CorruptionException(
              file, buf.position() - 4, "bad pending output count " + pendingCount);
        }
        for (int i = 0; i < pendingCount; i++) {
          pending.add(buf.getLong());
        }
      }
      if (buf.hasRemaining()) {
        throw new CorruptionException(
            file, buf.position(), buf.remaining() + " unexpected bytes after the file list");
      }
      try {
        ManifestContents m =
            new ManifestContents(
                number, merge, codes, nextFile, lastSeq, logNumber, files, pending, keyGroups);
        m.version(); // checks the level invariants
        return m;
      } catch (IllegalArgumentException e) {
        throw new CorruptionException(
            file, HEADER_BYTES, "inconsistent manifest: " + e.getMessage());
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new CorruptionException(file, buf.position(), "manifest ends inside a field", e);
    }
  }

  private static KeyGroupDeclaration readKeyGroups(ByteBuffer buf, String file)
      throws CorruptionException {
    int at = buf.position();
    int flag = buf.get();
    if (flag == 0) {
      return null;
    }
    if (flag != 1) {
      throw new CorruptionException(file, at, "bad key-group flag " + flag);
    }
    int maxParallelism = buf.getInt();
    int start = buf.getInt();
    int end = buf.getInt();
    try {
      return new KeyGroupDeclaration(KeyGroupRange.of(start, end), maxParallelism);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(file, at, "bad key-group declaration: " + e.getMessage(), e);
    }
  }

  private static FileOwnership readOwnership(ByteBuffer buf, String file)
      throws CorruptionException {
    int code = buf.get();
    return switch (code) {
      case 0 -> FileOwnership.OWNED;
      case 1 -> FileOwnership.SHARED;
      case 2 -> FileOwnership.NOT_OWNED;
      default ->
          throw new CorruptionException(file, buf.position() - 1, "bad ownership code " + code);
    };
  }
}
