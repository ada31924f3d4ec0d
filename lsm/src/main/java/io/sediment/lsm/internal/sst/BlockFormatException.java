package io.sediment.lsm.internal.sst;

/**
 * Bytes inside a block (after its checksum passed) that cannot be decoded. Unchecked so the hot
 * decoding loops stay free of checked-exception plumbing; the SST reader turns it into a {@link
 * io.sediment.lsm.CorruptionException} naming the file and the block's offset.
 */
final class BlockFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BlockFormatException(String detail) {
    super(detail, null, false, false);
  }
}
