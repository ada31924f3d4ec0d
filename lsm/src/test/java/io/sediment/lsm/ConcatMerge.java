package io.sediment.lsm;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Test merge function: joins the base and the operands with '|' (no base: starts empty). */
final class ConcatMerge implements MergeFunction {

  private final String name;

  ConcatMerge() {
    this("concat");
  }

  ConcatMerge(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (base != null) {
      out.writeBytes(base);
    }
    for (byte[] op : operands) {
      out.write('|');
      out.writeBytes(op);
    }
    return out.toByteArray();
  }

  /** What the model stores for a merge of {@code operand} onto {@code current}. */
  static byte[] apply(byte[] current, byte[] operand) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (current != null) {
      out.writeBytes(current);
    }
    out.write('|');
    out.writeBytes(operand);
    return out.toByteArray();
  }
}
