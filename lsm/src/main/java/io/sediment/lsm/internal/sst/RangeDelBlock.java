package io.sediment.lsm.internal.sst;

import io.sediment.lsm.internal.RangeTombstone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Encoding of the range-deletion block: {@code varint32 count}, then per tombstone {@code varint32
 * beginLength, begin, varint32 endLength, end, varint64 sequence}, in the order they were added.
 */
final class RangeDelBlock {

  private RangeDelBlock() {}

  static byte[] encode(List<RangeTombstone> tombstones) {
    int size = Coding.MAX_VARINT32_BYTES;
    for (RangeTombstone t : tombstones) {
      size += 2 * Coding.MAX_VARINT32_BYTES + Coding.MAX_VARINT64_BYTES;
      size += t.begin().length + t.end().length;
    }
    byte[] out = new byte[size];
    int pos = Coding.putVarint32(out, 0, tombstones.size());
    for (RangeTombstone t : tombstones) {
      pos = Coding.putVarint32(out, pos, t.begin().length);
      System.arraycopy(t.begin(), 0, out, pos, t.begin().length);
      pos += t.begin().length;
      pos = Coding.putVarint32(out, pos, t.end().length);
      System.arraycopy(t.end(), 0, out, pos, t.end().length);
      pos += t.end().length;
      pos = Coding.putVarint64(out, pos, t.sequence());
    }
    return java.util.Arrays.copyOf(out, pos);
  }

  /**
   * @throws BlockFormatException if the bytes do not decode to valid tombstones
   */
  static List<RangeTombstone> decode(byte[] contents) {
    Decoder in = new Decoder(contents, 0, contents.length);
    int count = in.varint31();
    if (count > in.remaining() / 3) {
      throw new BlockFormatException("range-deletion count " + count + " exceeds the block");
    }
    List<RangeTombstone> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] begin = in.lengthPrefixed();
      byte[] end = in.lengthPrefixed();
      long sequence = in.varint64();
      try {
        out.add(new RangeTombstone(begin, end, sequence));
      } catch (IllegalArgumentException e) {
        throw new BlockFormatException("range deletion " + i + " is invalid: " + e.getMessage());
      }
    }
    in.expectEnd("range deletions");
    return Collections.unmodifiableList(out);
  }
}
