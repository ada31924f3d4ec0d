package io.sediment.lsm.internal.sst;

/**
 * Constants of the SST file format, documented byte by byte in docs/format/sst.md. Changing any of
 * them changes the format: bump {@link #FORMAT_VERSION} and keep reading the old one.
 */
final class SstFormat {

  private SstFormat() {}

  /** The only format version written and read so far. */
  static final int FORMAT_VERSION = 1;

  /** The last eight bytes of every SST, read as a little-endian long: ASCII {@code "SEDISST1"}. */
  static final long MAGIC = 0x3154535349444553L;

  /** Compression type byte + CRC32C after every block's stored contents. */
  static final int BLOCK_TRAILER_BYTES = 5;

  /** Fixed footer: four handles (offset, size as u64 LE), version, CRC32C, magic. */
  static final int FOOTER_BYTES = 4 * 16 + 4 + 4 + 8;

  /** Offset of the format version inside the footer. */
  static final int FOOTER_VERSION_OFFSET = 64;

  /** Offset of the footer checksum inside the footer; it covers the bytes before it. */
  static final int FOOTER_CRC_OFFSET = 68;

  /** Offset of the magic number inside the footer. */
  static final int FOOTER_MAGIC_OFFSET = 72;

  /** Restart interval of index blocks: every separator is stored whole. */
  static final int INDEX_RESTART_INTERVAL = 1;

  /** Version of the properties block encoding without a key-group span. */
  static final int PROPERTIES_VERSION = 1;

  /**
   * Version of the properties block encoding with a key-group span after the compression code,
   * written by stores that declare key groups.
   */
  static final int PROPERTIES_VERSION_KEY_GROUPS = 2;

  /** Zstandard level used for ZSTD blocks. */
  static final int ZSTD_LEVEL = 3;
}
