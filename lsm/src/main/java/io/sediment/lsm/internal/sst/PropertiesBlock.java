package io.sediment.lsm.internal.sst;

import io.sediment.lsm.Compression;

/**
 * Encoding of the properties block: {@code varint32 version (1 or 2)}, the smallest and largest
 * keys as {@code varint32 length || bytes}, eleven varint64 counters in {@link SstProperties} order
 * from entryCount to filterBytes, and one compression code byte; version 2 (written when the
 * properties carry a key-group span) adds the smallest and largest key group as two varint32. The
 * file size and format version are not stored here: they come from the file and the footer.
 */
final class PropertiesBlock {

  private PropertiesBlock() {}

  static byte[] encode(SstProperties p) {
    byte[] out =
        new byte
            [3 * Coding.MAX_VARINT32_BYTES
                + p.smallestKey().length
                + p.largestKey().length
                + 11 * Coding.MAX_VARINT64_BYTES
                + 1
                + 2 * Coding.MAX_VARINT32_BYTES];
    KeyGroupSpan span = p.keyGroups();
    int version =
        span == null ? SstFormat.PROPERTIES_VERSION : SstFormat.PROPERTIES_VERSION_KEY_GROUPS;
    int pos = Coding.putVarint32(out, 0, version);
    pos = Coding.putVarint32(out, pos, p.smallestKey().length);
    System.arraycopy(p.smallestKey(), 0, out, pos, p.smallestKey().length);
    pos += p.smallestKey().length;
    pos = Coding.putVarint32(out, pos, p.largestKey().length);
    System.arraycopy(p.largestKey(), 0, out, pos, p.largestKey().length);
    pos += p.largestKey().length;
    long[] counters = {
      p.entryCount(),
      p.deletionCount(),
      p.mergeCount(),
      p.rangeDeletionCount(),
      p.smallestSequence(),
      p.largestSequence(),
      p.rawKeyBytes(),
      p.rawValueBytes(),
      p.dataBytes(),
      p.indexBytes(),
      p.filterBytes()
    };
    for (long c : counters) {
      pos = Coding.putVarint64(out, pos, c);
    }
    out[pos++] = (byte) p.compression().code();
    if (span != null) {
      pos = Coding.putVarint32(out, pos, span.smallest());
      pos = Coding.putVarint32(out, pos, span.largest());
    }
    return java.util.Arrays.copyOf(out, pos);
  }

  /**
   * @throws BlockFormatException if the bytes do not decode
   */
  static SstProperties decode(byte[] contents, long fileSize, int formatVersion) {
    Decoder in = new Decoder(contents, 0, contents.length);
    int version = in.varint31();
    if (version != SstFormat.PROPERTIES_VERSION
        && version != SstFormat.PROPERTIES_VERSION_KEY_GROUPS) {
      throw new BlockFormatException("unsupported properties version " + version);
    }
    byte[] smallest = in.lengthPrefixed();
    byte[] largest = in.lengthPrefixed();
    long[] c = new long[11];
    for (int i = 0; i < c.length; i++) {
      c[i] = in.varint64();
    }
    int code = in.u8();
    KeyGroupSpan span = null;
    if (version == SstFormat.PROPERTIES_VERSION_KEY_GROUPS) {
      int smallestGroup = in.varint31();
      int largestGroup = in.varint31();
      try {
        span = new KeyGroupSpan(smallestGroup, largestGroup);
      } catch (IllegalArgumentException e) {
        throw new BlockFormatException(e.getMessage());
      }
    }
    in.expectEnd("properties");
    Compression compression;
    try {
      compression = Compression.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new BlockFormatException(e.getMessage());
    }
    if (smallest.length < 8 || largest.length < 8) {
      throw new BlockFormatException("properties key bounds shorter than an internal key");
    }
    return new SstProperties(
        smallest,
        largest,
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        c[5],
        c[6],
        c[7],
        c[8],
        c[9],
        c[10],
        fileSize,
        formatVersion,
        compression,
        span);
  }
}
