package io.sediment.fs;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.Path;

/**
 * The frame around every file a {@link VersionedPublisher} writes, so that a torn file is told
 * apart from a complete one without trusting the file's length alone.
 *
 * <pre>
 *   offset 0  magic     4 bytes  "SDPV"
 *   offset 4  version   8 bytes  big-endian, equals the version in the file name
 *   offset 12 length    4 bytes  big-endian, content length
 *   offset 16 crc32c    4 bytes  big-endian, CRC32C of the content
 *   offset 20 content   length bytes
 * </pre>
 *
 * A file is complete exactly when it is 20 + length bytes long and magic, version and checksum
 * match. A shorter file whose bytes could be the start of a frame is torn (its writer died); any
 * other mismatch is damage.
 */
final class MetadataFrame {

  static final int MAGIC = 0x53445056; // "SDPV"
  static final int HEADER_BYTES = 20;

  private MetadataFrame() {}

  static byte[] encode(long version, byte[] content) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + content.length);
    buf.putInt(MAGIC).putLong(version).putInt(content.length).putInt(crc32c(content));
    buf.put(content);
    return buf.array();
  }

  /**
   * Returns the content of a complete frame.
   *
   * @throws TornFileException naming the file and offset if the file is a prefix of a frame
   *     (shorter than the header, or than the content length the header declares): a write that
   *     never finished
   * @throws DamagedFileException naming the file and offset if the file has every byte the header
   *     declares (or more) but its magic, version or checksum does not match: a torn write never
   *     looks like this, so the file may have been complete and in force
   */
  static byte[] decode(Path path, long expectedVersion, byte[] file)
      throws TornFileException, DamagedFileException {
    if (file.length < HEADER_BYTES) {
      throw new TornFileException(
          path, file.length, "header needs " + HEADER_BYTES + " bytes, file has " + file.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(file);
    int magic = buf.getInt();
    if (magic != MAGIC) {
      throw new DamagedFileException(path, 0, "bad magic 0x" + Integer.toHexString(magic));
    }
    long version = buf.getLong();
    if (version != expectedVersion) {
      throw new DamagedFileException(
          path, 4, "frame holds version " + version + ", name says " + expectedVersion);
    }
    int length = buf.getInt();
    int crc = buf.getInt();
    int present = file.length - HEADER_BYTES;
    if (length >= 0 && length > present) {
      throw new TornFileException(
          path, file.length, "content length " + length + " but " + present + " bytes present");
    }
    if (length != present) {
      throw new DamagedFileException(
          path, 12, "content length " + length + " but " + present + " bytes present");
    }
    byte[] content = new byte[length];
    buf.get(content);
    int actual = crc32c(content);
    if (actual != crc) {
      throw new DamagedFileException(
          path,
          HEADER_BYTES,
          "checksum mismatch: stored 0x"
              + Integer.toHexString(crc)
              + ", computed 0x"
              + Integer.toHexString(actual));
    }
    return content;
  }

  private static int crc32c(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content, 0, content.length);
    return (int) crc.getValue();
  }
}
