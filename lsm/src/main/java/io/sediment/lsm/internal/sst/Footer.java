package io.sediment.lsm.internal.sst;

import java.util.zip.CRC32C;

/**
 * The fixed-size tail of an SST: handles of the index, filter, range-deletion and properties blocks
 * as u64 little-endian (offset, size) pairs, the format version (u32 LE), a CRC32C of the preceding
 * 68 bytes (u32 LE) and the magic number (u64 LE). A filter handle of size 0 means "no filter".
 */
record Footer(
    BlockHandle index,
    BlockHandle filter,
    BlockHandle rangeDel,
    BlockHandle properties,
    int formatVersion) {

  boolean hasFilter() {
    return filter.size() != 0;
  }

  byte[] encode() {
    byte[] out = new byte[SstFormat.FOOTER_BYTES];
    put(out, 0, index);
    put(out, 16, filter);
    put(out, 32, rangeDel);
    put(out, 48, properties);
    Coding.putIntLE(out, SstFormat.FOOTER_VERSION_OFFSET, formatVersion);
    Coding.putIntLE(out, SstFormat.FOOTER_CRC_OFFSET, crc(out));
    Coding.putLongLE(out, SstFormat.FOOTER_MAGIC_OFFSET, SstFormat.MAGIC);
    return out;
  }

  /**
   * Decodes and checks a footer: magic first (is this an SST at all?), then checksum, then version.
   *
   * @throws BlockFormatException naming the check that failed
   */
  static Footer decode(byte[] b) {
    long magic = Coding.getLongLE(b, SstFormat.FOOTER_MAGIC_OFFSET);
    if (magic != SstFormat.MAGIC) {
      throw new BlockFormatException(
          String.format("bad magic number %016x, expected %016x", magic, SstFormat.MAGIC));
    }
    int stored = Coding.getIntLE(b, SstFormat.FOOTER_CRC_OFFSET);
    int computed = crc(b);
    if (stored != computed) {
      throw new BlockFormatException(
          String.format("footer checksum mismatch: stored %08x, computed %08x", stored, computed));
    }
    int version = Coding.getIntLE(b, SstFormat.FOOTER_VERSION_OFFSET);
    if (version != SstFormat.FORMAT_VERSION) {
      throw new BlockFormatException(
          "unsupported SST format version " + version + " (supported: 1)");
    }
    return new Footer(get(b, 0), get(b, 16), get(b, 32), get(b, 48), version);
  }

  private static int crc(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, SstFormat.FOOTER_CRC_OFFSET);
    return (int) crc.getValue();
  }

  private static void put(byte[] b, int at, BlockHandle h) {
    Coding.putLongLE(b, at, h.offset());
    Coding.putLongLE(b, at + 8, h.size());
  }

  private static BlockHandle get(byte[] b, int at) {
    return new BlockHandle(Coding.getLongLE(b, at), Coding.getLongLE(b, at + 8));
  }
}
