package io.sediment.lsm.internal.sst;

/**
 * A bounds-checked cursor over {@code bytes[offset, limit)} for the small metadata encodings
 * (handles, properties, range deletions). Every read past the limit or malformed varint throws
 * {@link BlockFormatException}.
 */
final class Decoder {

  private final byte[] bytes;
  private final int start;
  private final int limit;
  private int pos;

  Decoder(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.start = offset;
    this.pos = offset;
    this.limit = offset + length;
  }

  /** Position relative to the start, for messages. */
  int position() {
    return pos - start;
  }

  boolean atEnd() {
    return pos == limit;
  }

  int remaining() {
    return limit - pos;
  }

  int u8() {
    need(1);
    return bytes[pos++] & 0xFF;
  }

  /** An unsigned varint that must fit in 63 bits. */
  long varint64() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      int b = bytes[pos++] & 0xFF;
      result |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        if (result < 0 || (shift == 63 && b > 1)) {
          throw new BlockFormatException("varint64 out of range at " + (pos - 1 - start));
        }
        return result;
      }
    }
    throw new BlockFormatException("varint64 longer than 10 bytes at " + position());
  }

  /** An unsigned varint that must fit in 31 bits (lengths and counts). */
  int varint31() {
    int at = position();
    long v = varint64();
    if (v > Integer.MAX_VALUE) {
      throw new BlockFormatException("length " + v + " too large at " + at);
    }
    return (int) v;
  }

  /** A varint length followed by that many bytes, copied. */
  byte[] lengthPrefixed() {
    int n = varint31();
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(bytes, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** Fails unless every byte was consumed. */
  void expectEnd(String what) {
    if (pos != limit) {
      throw new BlockFormatException(
          (limit - pos) + " unexpected trailing bytes after " + what + " at " + position());
    }
  }

  private void need(int n) {
    if (n > limit - pos) {
      throw new BlockFormatException(
          "need " + n + " bytes at " + position() + " but only " + (limit - pos) + " remain");
    }
  }
}
