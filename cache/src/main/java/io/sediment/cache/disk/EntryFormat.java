package io.sediment.cache.disk;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Layout and names of the local files of the disk tier.
 *
 * <p>An entry file is {@code [data][trailer][footer]}:
 *
 * <pre>
 * data     dataLength bytes, a verbatim copy of the remote bytes [offset, offset + dataLength)
 * trailer  int    format version (1)
 *          string remote path        (int length + UTF-8 bytes)
 *          long   remote file length
 *          string identity version   (int length + UTF-8 bytes)
 *          long   segment index
 *          long   offset
 *          long   dataLength
 *          int    chunkBytes
 *          int    chunk count = ceil(dataLength / chunkBytes)
 *          int[]  CRC32C of each chunk of data
 * footer   int    trailer length
 *          int    CRC32C of the trailer
 *          long   magic "SEDFCACH"
 * </pre>
 *
 * <p>Data comes first so that a remote offset maps to a local offset by one subtraction, and the
 * trailer comes last because a file being written through does not know its final length (part of
 * its identity) until it is closed. An entry's name is derived from its key, so the same segment of
 * the same file always lands on the same name; temporary files end in {@link #TEMP_SUFFIX} and are
 * never read.
 */
final class EntryFormat {

  static final long MAGIC = 0x5345444643414348L; // "SEDFCACH"
  static final int FORMAT_VERSION = 1;
  static final int FOOTER_BYTES = 16;
  static final String ENTRY_SUFFIX = ".entry";
  static final String TEMP_SUFFIX = ".tmp";
  static final String TEMP_PREFIX = "incoming-";

  /** Bytes of the trailer outside the two strings and the checksum table. */
  private static final int TRAILER_FIXED_BYTES = 4 + 4 + 8 + 4 + 8 + 8 + 8 + 4 + 4;

  private EntryFormat() {}

  /** The local file name of an entry: a hash of the file identity plus the segment index. */
  static String entryName(SegmentKey key) {
    return identityHash(key.file()) + "-" + key.index() + ENTRY_SUFFIX;
  }

  static int chunkCount(long dataLength, int chunkBytes) {
    long count = (dataLength + chunkBytes - 1) / chunkBytes;
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "entry of " + dataLength + " bytes has too many checksum chunks of " + chunkBytes);
    }
    return (int) count;
  }

  static int trailerBytes(FileIdentity file, long dataLength, int chunkBytes) {
    return TRAILER_FIXED_BYTES
        + utf8(file.path()).length
        + utf8(file.version()).length
        + 4 * chunkCount(dataLength, chunkBytes);
  }

  /** Size of the local file of an entry: what it costs the byte budget. */
  static long diskBytes(FileIdentity file, long dataLength, int chunkBytes) {
    return dataLength + trailerBytes(file, dataLength, chunkBytes) + FOOTER_BYTES;
  }

  /** Encodes trailer and footer of an entry whose data has been written. */
  static byte[] encodeTrailerAndFooter(
      SegmentKey key, long offset, long dataLength, int chunkBytes, int[] crcs) {
    if (crcs.length != chunkCount(dataLength, chunkBytes)) {
      throw new IllegalArgumentException(
          crcs.length + " checksums for " + dataLength + " bytes in chunks of " + chunkBytes);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT_VERSION);
      writeString(out, key.file().path());
      out.writeLong(key.file().length());
      writeString(out, key.file().version());
      out.writeLong(key.index());
      out.writeLong(offset);
      out.writeLong(dataLength);
      out.writeInt(chunkBytes);
      out.writeInt(crcs.length);
      for (int crc : crcs) {
        out.writeInt(crc);
      }
      int trailerLength = bytes.size();
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray(), 0, trailerLength);
      out.writeInt(trailerLength);
      out.writeInt((int) crc.getValue());
      out.writeLong(MAGIC);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes the trailer of an entry file of {@code fileSize} bytes.
   *
   * @param footer the last {@link #FOOTER_BYTES} bytes of the file
   * @param trailerReader reads the trailer given its length (position {@code fileSize -
   *     FOOTER_BYTES - length})
   * @return the entry, or null if footer, trailer or sizes are inconsistent
   */
  static CacheEntry decode(Path file, long fileSize, ByteBuffer footer, TrailerReader trailerReader)
      throws IOException {
    if (fileSize < FOOTER_BYTES || footer.remaining() != FOOTER_BYTES) {
      return null;
    }
    int trailerLength = footer.getInt();
    int trailerCrc = footer.getInt();
    long magic = footer.getLong();
    if (magic != MAGIC || trailerLength < TRAILER_FIXED_BYTES) {
      return null;
    }
    long dataLength = fileSize - FOOTER_BYTES - trailerLength;
    if (dataLength < 0) {
      return null;
    }
    ByteBuffer trailer = trailerReader.read(dataLength, trailerLength);
    CRC32C crc = new CRC32C();
    crc.update(trailer.duplicate());
    if ((int) crc.getValue() != trailerCrc) {
      return null;
    }
    try {
      if (trailer.getInt() != FORMAT_VERSION) {
        return null;
      }
      String path = readString(trailer);
      long remoteLength = trailer.getLong();
      String version = readString(trailer);
      long index = trailer.getLong();
      long offset = trailer.getLong();
      long storedDataLength = trailer.getLong();
      int chunkBytes = trailer.getInt();
      int chunkCount = trailer.getInt();
      if (storedDataLength != dataLength
          || chunkBytes <= 0
          || remoteLength < 0
          || index < 0
          || offset < 0
          || offset + dataLength > remoteLength
          || chunkCount != chunkCount(dataLength, chunkBytes)
          || trailer.remaining() != 4L * chunkCount) {
        return null;
      }
      int[] crcs = new int[chunkCount];
      for (int i = 0; i < chunkCount; i++) {
        crcs[i] = trailer.getInt();
      }
      SegmentKey key = new SegmentKey(new FileIdentity(path, remoteLength, version), index);
      return new CacheEntry(key, file, offset, dataLength, chunkBytes, crcs, fileSize);
    } catch (RuntimeException e) {
      // A trailer that passed its CRC but does not parse was written by something else.
      return null;
    }
  }

  /** Reads the trailer bytes of an entry file. */
  @FunctionalInterface
  interface TrailerReader {
    ByteBuffer read(long position, int length) throws IOException;
  }

  private static String identityHash(FileIdentity file) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(utf8(file.path()));
      sha.update((byte) 0);
      sha.update(ByteBuffer.allocate(8).putLong(0, file.length()));
      sha.update(utf8(file.version()));
      byte[] digest = sha.digest();
      // 128 bits: a collision between two live files is not a practical concern.
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = utf8(s);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("string length " + length + " out of range");
    }
    byte[] b = new byte[length];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
