package io.sediment.lsm.internal.wal;

import java.util.zip.CRC32C;

/** Constants and checksum of the write-ahead log format ({@code docs/format/wal.md}). */
final class LogFormat {

  /** "SEDLOG01" in ASCII. */
  static final long MAGIC = 0x5345444C4F473031L;

  static final int FORMAT_VERSION = 1;

  /** Magic, format version, log number. */
  static final int HEADER_BYTES = 20;

  /** Length and CRC of each record. */
  static final int RECORD_HEADER_BYTES = 8;

  /** Largest payload a record may hold. */
  static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

  private LogFormat() {}

  /** CRC32C over the 4 length bytes then the payload. */
  static int checksum(byte[] lengthBytes, byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(lengthBytes, 0, 4);
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  static byte[] u32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** Conventional name of log {@code number}. */
  static String fileName(long number) {
    return String.format("%06d.log", number);
  }
}
