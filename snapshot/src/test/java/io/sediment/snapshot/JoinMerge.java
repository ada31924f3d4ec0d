package io.sediment.snapshot;

import io.sediment.lsm.MergeFunction;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A merge function for tests: the base (when there is one) and the operands, oldest first, joined
 * by ','. Folding one operand at a time gives the bytes folding many at once gives, so a model can
 * apply merges eagerly; partial merges join the operands alike.
 */
final class JoinMerge implements MergeFunction {

  @Override
  public String name() {
    return "sediment.test.join";
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean first = true;
    if (base != null) {
      out.writeBytes(base);
      first = false;
    }
    for (byte[] op : operands) {
      if (!first) {
        out.write(',');
      }
      out.writeBytes(op);
      first = false;
    }
    return out.toByteArray();
  }

  @Override
  public byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return fullMerge(key, null, operands);
  }
}
