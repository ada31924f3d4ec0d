package io.sediment.lsm.internal.sst;

/**
 * Where a block lives in an SST: the offset of its first byte and the length of its stored
 * contents, not counting the {@link SstFormat#BLOCK_TRAILER_BYTES}-byte trailer that follows.
 * Encoded as two varints in index entries.
 */
record BlockHandle(long offset, long size) {

  /** The longest encoding: two varint64s. */
  static final int MAX_ENCODED_BYTES = 2 * Coding.MAX_VARINT64_BYTES;

  /** Offset just past this block's trailer. */
  long end() {
    return offset + size + SstFormat.BLOCK_TRAILER_BYTES;
  }

  /** Writes the varint encoding at {@code pos}; returns the position after it. */
  int encodeTo(byte[] dst, int pos) {
    pos = Coding.putVarint64(dst, pos, offset);
    return Coding.putVarint64(dst, pos, size);
  }

  static BlockHandle decode(Decoder in) {
    long offset = in.varint64();
    long size = in.varint64();
    return new BlockHandle(offset, size);
  }
}
