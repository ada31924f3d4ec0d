package io.sediment.tool;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.version.FileEntryCodec;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.snapshot.CheckpointHandle;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One checkpoint's metadata ({@code chk-<id>}, or the bytes of {@link CheckpointHandle#toBytes()})
 * with everything the format records, for the inspection commands.
 *
 * <p>{@link CheckpointHandle#fromBytes} is the authority on whether the bytes are valid (magic,
 * version, length, CRC, a valid set of files); it exposes the summary only, so the per-file records
 * and the compression codes are read here a second time, following {@code
 * docs/format/checkpoint.md}. The two readings must agree, or the bytes are refused.
 */
final class CheckpointMetadata {

  /** Magic, format version and total length precede the checkpoint id. */
  private static final int HEADER_BYTES = 16;

  /** The CRC32C at the end. */
  private static final int TRAILER_BYTES = 4;

  /** Bytes 8..11 of the encoding. */
  private static final int FORMAT_VERSION_OFFSET = 8;

  private final String source;
  private final int encodedBytes;
  private final int formatVersion;
  private final CheckpointHandle handle;
  private final byte[] compressionCodes;
  private final List<FileMetadata> files;

  private CheckpointMetadata(
      String source,
      int encodedBytes,
      int formatVersion,
      CheckpointHandle handle,
      byte[] compressionCodes,
      List<FileMetadata> files) {
    this.source = source;
    this.encodedBytes = encodedBytes;
    this.formatVersion = formatVersion;
    this.handle = handle;
    this.compressionCodes = compressionCodes;
    this.files = Collections.unmodifiableList(files);
  }

  /**
   * Decodes checkpoint metadata read from {@code source}.
   *
   * @throws CorruptionException naming {@code source} and the offset of the failed check
   */
  static CheckpointMetadata decode(byte[] bytes, String source) throws CorruptionException {
    CheckpointHandle handle;
    try {
      handle = CheckpointHandle.fromBytes(bytes);
    } catch (CorruptionException e) {
      throw renamed(e, source);
    }
    ByteBuffer buf =
        ByteBuffer.wrap(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES - TRAILER_BYTES);
    try {
      int version = ByteBuffer.wrap(bytes).getInt(FORMAT_VERSION_OFFSET);
      buf.getLong(); // id and sequence: the handle has them
      buf.getLong();
      // Format 2 adds the storage URI before the merge function's name; the handle has both.
      for (int strings = version >= 2 ? 2 : 1; strings > 0; strings--) {
        if (buf.get() == 1) {
          FileEntryCodec.readBytes(buf, source);
        }
      }
      byte[] codes = new byte[buf.get() & 0xFF];
      buf.get(codes);
      int count = buf.getInt();
      List<FileMetadata> files = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        // The checkpoint storage, not a store, owns a checkpoint's files.
        files.add(FileEntryCodec.read(buf, source, (b, n, p, at) -> FileOwnership.SHARED));
      }
      List<String> paths = files.stream().map(FileMetadata::physicalPath).toList();
      if (buf.hasRemaining()
          || codes.length != Version.NUM_LEVELS
          || !paths.equals(handle.physicalPaths())) {
        throw new CorruptionException(
            source,
            HEADER_BYTES,
            "the file list does not read as checkpoint format version " + version);
      }
      return new CheckpointMetadata(source, bytes.length, version, handle, codes, files);
    } catch (BufferUnderflowException e) {
      throw new CorruptionException(source, buf.position(), "metadata ends inside a field", e);
    }
  }

  /** {@code e} (about anonymous handle bytes) naming {@code source} instead. */
  private static CorruptionException renamed(CorruptionException e, String source) {
    String prefix = "corruption in " + e.file() + " at offset " + e.offset() + ": ";
    String message = e.getMessage();
    String detail = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    return new CorruptionException(source, e.offset(), detail, e);
  }

  /** Where the metadata was read from. */
  String source() {
    return source;
  }

  /** Size of the encoding in bytes. */
  int encodedBytes() {
    return encodedBytes;
  }

  int formatVersion() {
    return formatVersion;
  }

  CheckpointHandle handle() {
    return handle;
  }

  long id() {
    return handle.id();
  }

  long sequence() {
    return handle.sequence();
  }

  /** The merge function's name, or null. */
  String mergeFunctionName() {
    return handle.mergeFunctionName();
  }

  /** Compression code per level, as recorded. */
  byte[] compressionCodes() {
    return compressionCodes.clone();
  }

  /** The files in level order, each with its physical path. */
  List<FileMetadata> files() {
    return files;
  }

  long totalBytes() {
    return handle.stateSizeBytes();
  }
}
