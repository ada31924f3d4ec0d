package io.sediment.lsm.spi;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.version.FileEntryCodec;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The byte encoding of one {@link StoreFile} that every format listing files shares (the manifest,
 * checkpoint metadata; {@code docs/format/}): level (1 byte); file number, size, entry, deletion
 * and range-deletion counts, smallest and largest sequence (8 bytes each, big-endian); then the
 * smallest bound, largest bound, logical name and physical path (UTF-8), each as a 4-byte length
 * and its bytes. Ownership is not part of it: each format records or implies its own. A format that
 * records clipped references ({@link StoreFile#clipped()}) writes {@link #writeClip} after the
 * entry: one flags byte (bit 0: a lower end follows, bit 1: an upper end follows, other bits zero)
 * and each present end as a 4-byte length and the user key, as the manifest does.
 *
 * <p>Stateless and thread-safe.
 */
public final class StoreFileCodec {

  private StoreFileCodec() {}

  /**
   * Writes {@code file}'s entry.
   *
   * @throws IllegalArgumentException if out or file is null
   * @throws IOException if {@code out} fails
   */
  public static void write(DataOutputStream out, StoreFile file) throws IOException {
    if (out == null || file == null) {
      throw new IllegalArgumentException("output and file must not be null");
    }
    FileEntryCodec.write(out, FileMetadata.from(file));
  }

  /**
   * Reads one entry written by {@link #write} at {@code buf}'s position, which it advances past the
   * entry, and gives the file {@code ownership}.
   *
   * @param file the file or label the bytes come from, for error messages
   * @throws IllegalArgumentException if an argument is null
   * @throws CorruptionException naming {@code file} and the entry's offset if a length is bad or
   *     the fields do not make a valid file (for instance smallest after largest)
   * @throws java.nio.BufferUnderflowException if the data ends inside the entry
   */
  public static StoreFile read(ByteBuffer buf, String file, FileOwnership ownership)
      throws CorruptionException {
    if (buf == null || file == null || ownership == null) {
      throw new IllegalArgumentException("buffer, file label and ownership must not be null");
    }
    return read(buf, file, ownership, false);
  }

  /**
   * Writes the clip of {@code file} (see the class comment; a flags byte of 0 when it has none).
   *
   * @throws IllegalArgumentException if out or file is null
   * @throws IOException if {@code out} fails
   */
  public static void writeClip(DataOutputStream out, StoreFile file) throws IOException {
    if (out == null || file == null) {
      throw new IllegalArgumentException("output and file must not be null");
    }
    FileEntryCodec.writeClip(out, FileMetadata.from(file));
  }

  /**
   * Reads one entry written by {@link #write} and, when {@code withClip}, the clip {@link
   * #writeClip} wrote right after it; gives the file {@code ownership}.
   *
   * @param file the file or label the bytes come from, for error messages
   * @throws IllegalArgumentException if buf, file or ownership is null
   * @throws CorruptionException naming {@code file} and the entry's offset if a length or the clip
   *     flags are bad or the fields do not make a valid file (smallest after largest, an empty
   *     clip, bounds reaching outside the clip)
   * @throws java.nio.BufferUnderflowException if the data ends inside the entry
   */
  public static StoreFile read(
      ByteBuffer buf, String file, FileOwnership ownership, boolean withClip)
      throws CorruptionException {
    if (buf == null || file == null || ownership == null) {
      throw new IllegalArgumentException("buffer, file label and ownership must not be null");
    }
    return FileEntryCodec.read(buf, file, (b, number, physical, at) -> ownership, withClip)
        .toStoreFile();
  }
}
