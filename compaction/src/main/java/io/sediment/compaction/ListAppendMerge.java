package io.sediment.compaction;

import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * Appends operands to a list in the layout of Flink's list state on RocksDB (RocksDB's {@code
 * stringappendtest} operator with the ',' delimiter): the base, then each operand, oldest first,
 * joined by one {@code ','} byte, with no trailing delimiter. No base means no leading delimiter;
 * an empty base is a base (an empty first element). Operands are opaque: one may itself be several
 * elements joined the same way, and the bytes come out identical. Every input is valid.
 * Concatenation is associative, so partial merges join the operands the same way.
 */
final class ListAppendMerge implements MergeFunction {

  static final String NAME = "sediment.list-append";

  /** The byte between two elements. */
  static final byte DELIMITER = ',';

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    int size = base == null ? -1 : base.length;
    for (byte[] operand : operands) {
      size += 1 + operand.length;
    }
    byte[] out = new byte[size];
    int at = 0;
    boolean first = base == null;
    if (base != null) {
      System.arraycopy(base, 0, out, 0, base.length);
      at = base.length;
    }
    for (byte[] operand : operands) {
      if (!first) {
        out[at++] = DELIMITER;
      }
      first = false;
      System.arraycopy(operand, 0, out, at, operand.length);
      at += operand.length;
    }
    return out;
  }

  @Override
  public byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return fullMerge(key, null, operands);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
