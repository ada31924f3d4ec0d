package io.sediment.fuzz;

import io.sediment.lsm.MergeFunction;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A deterministic merge function for tests: the merged value is the base (when there is one) and
 * the operands, oldest first, joined by a one-byte separator. Offers partial merges (the operands
 * joined the same way), so compactions may fold operand chains whose base is in an older file.
 *
 * <p>Folding one operand at a time gives the same bytes as folding many at once, which is what lets
 * {@link ModelStore} apply merges eagerly: {@code fullMerge(fullMerge(b, [o1]), [o2]) ==
 * fullMerge(b, [o1, o2])}, and an empty base differs from no base ({@code '' + sep + o1} vs {@code
 * o1}), so a store that confuses "deleted" with "empty" is caught.
 */
public final class ConcatMergeFunction implements MergeFunction {

  private final byte separator;

  /** Joins with {@code separator}. */
  public ConcatMergeFunction(byte separator) {
    this.separator = separator;
  }

  /** Joins with {@code ','}. */
  public ConcatMergeFunction() {
    this((byte) ',');
  }

  @Override
  public String name() {
    return "fuzz.concat." + (separator & 0xFF);
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
        out.write(separator);
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

  @Override
  public String toString() {
    return name();
  }
}
