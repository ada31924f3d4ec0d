package io.sediment.lsm.internal.version;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.CorruptionException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The encoding of one {@link FileMetadata} entry shared by every format that lists files (the
 * manifest and checkpoint metadata): level (1 byte), file number, size, entry, deletion and
 * range-deletion counts, smallest and largest sequence (8 bytes each, big-endian), then smallest
 * key, largest key, logical name and physical path, each as a 4-byte length and its bytes. What
 * follows the entry (the manifest's ownership byte) belongs to the format, which reads it through
 * an {@link OwnershipField}. A format that records clips writes {@link #writeClip} after that: one
 * flags byte (bit 0: a lower end follows, bit 1: an upper end follows, other bits zero) and the
 * present ends as a 4-byte length and the user key.
 */
public final class FileEntryCodec {

  private FileEntryCodec() {}

  /** How a format gets the ownership of an entry whose shared fields were just read. */
  @FunctionalInterface
  public interface OwnershipField {
    /**
     * @param buf positioned right after the shared fields
     * @param fileNumber the entry's file number, for error messages
     * @param physicalPath the entry's physical path ("" for a file in the store's directory)
     * @param entryOffset offset of the entry's first byte, for error messages
     */
    FileOwnership read(ByteBuffer buf, long fileNumber, String physicalPath, int entryOffset)
        throws CorruptionException;
  }

  /** Writes the shared fields of {@code f}. */
  public static void write(DataOutputStream out, FileMetadata f) throws IOException {
    out.writeByte(f.level());
    out.writeLong(f.fileNumber());
    out.writeLong(f.fileSize());
    out.writeLong(f.entryCount());
    out.writeLong(f.deletionCount());
    out.writeLong(f.rangeDeletionCount());
    out.writeLong(f.smallestSequence());
    out.writeLong(f.largestSequence());
    writeBytes(out, f.smallest());
    writeBytes(out, f.largest());
    writeBytes(out, f.logicalName().getBytes(StandardCharsets.UTF_8));
    writeBytes(out, f.physicalPath().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads one entry written by {@link #write} (plus whatever {@code ownership} reads after it).
   *
   * @throws CorruptionException naming {@code file} and the entry's offset if a length is bad or
   *     the fields do not make a valid file (for instance smallest after largest)
   * @throws java.nio.BufferUnderflowException if the data ends inside the entry
   */
  public static FileMetadata read(ByteBuffer buf, String file, OwnershipField ownership)
      throws CorruptionException {
    return read(buf, file, ownership, false);
  }

  /**
   * Reads one entry written by {@link #write}, whatever {@code ownership} reads after it, and, when
   * {@code withClip}, the clip written by {@link #writeClip} after that.
   *
   * @throws CorruptionException naming {@code file} and the entry's offset if a length or the clip
   *     flags are bad or the fields do not make a valid file (for instance smallest after largest,
   *     an empty clip, or bounds outside the clip)
   * @throws java.nio.BufferUnderflowException if the data ends inside the entry
   */
  public static FileMetadata read(
      ByteBuffer buf, String file, OwnershipField ownership, boolean withClip)
      throws CorruptionException {
    int at = buf.position();
    int level = buf.get();
    long fileNumber = buf.getLong();
    long size = buf.getLong();
    long entries = buf.getLong();
    long deletions = buf.getLong();
    long rangeDeletions = buf.getLong();
    long smallestSeq = buf.getLong();
    long largestSeq = buf.getLong();
    byte[] smallest = readBytes(buf, file);
    byte[] largest = readBytes(buf, file);
    String logical = new String(readBytes(buf, file), StandardCharsets.UTF_8);
    String physical = new String(readBytes(buf, file), StandardCharsets.UTF_8);
    FileOwnership owner = ownership.read(buf, fileNumber, physical, at);
    byte[] clipLower = null;
    byte[] clipUpper = null;
    if (withClip) {
      int flags = buf.get();
      if ((flags & ~(CLIP_LOWER | CLIP_UPPER)) != 0) {
        throw new CorruptionException(file, buf.position() - 1, "bad clip flags " + flags);
      }
      if ((flags & CLIP_LOWER) != 0) {
        clipLower = readBytes(buf, file);
      }
      if ((flags & CLIP_UPPER) != 0) {
        clipUpper = readBytes(buf, file);
      }
    }
    try {
      return new FileMetadata(
          fileNumber,
          level,
          smallest,
          largest,
          size,
          entries,
          deletions,
          rangeDeletions,
          smallestSeq,
          largestSeq,
          logical,
          physical,
          owner,
          clipLower,
          clipUpper);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(file, at, "bad file entry: " + e.getMessage(), e);
    }
  }

  /** Clip flag: a lower end follows. */
  static final int CLIP_LOWER = 1;

  /** Clip flag: an upper end follows. */
  static final int CLIP_UPPER = 2;

  /** Writes the clip of {@code f}: the flags byte and the present ends (see the class comment). */
  public static void writeClip(DataOutputStream out, FileMetadata f) throws IOException {
    int flags = (f.clipLower() != null ? CLIP_LOWER : 0) | (f.clipUpper() != null ? CLIP_UPPER : 0);
    out.writeByte(flags);
    if (f.clipLower() != null) {
      writeBytes(out, f.clipLower());
    }
    if (f.clipUpper() != null) {
      writeBytes(out, f.clipUpper());
    }
  }

  /** Writes a 4-byte length and the bytes. */
  public static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  /** Reads what {@link #writeBytes} wrote; a negative or overlong length is corruption. */
  public static byte[] readBytes(ByteBuffer buf, String file) throws CorruptionException {
    int at = buf.position();
    int len = buf.getInt();
    if (len < 0 || len > buf.remaining()) {
      throw new CorruptionException(file, at, "bad length " + len);
    }
    byte[] b = new byte[len];
    buf.get(b);
    return b;
  }
}
