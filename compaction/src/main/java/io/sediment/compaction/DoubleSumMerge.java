package io.sediment.compaction;

import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * Sums 8-byte big-endian IEEE 754 doubles: {@code ((base + o1) + o2) + ...}, starting from the base
 * itself (a -0.0 base stays -0.0) or from 0.0 when there is none. A value or operand of another
 * length counts as absent (adds nothing). Floating-point addition is not associative, so no partial
 * merge is offered: the store then folds the base and every operand in write order, and the result
 * is that one sequential fold, bit for bit, whatever flushes and compactions ran.
 */
final class DoubleSumMerge implements MergeFunction {

  static final String NAME = "sediment.float64-sum";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    double sum = valid(base) ? MergeValues.readFloat64(base) : 0.0;
    for (byte[] operand : operands) {
      if (valid(operand)) {
        sum += MergeValues.readFloat64(operand);
      }
    }
    return MergeValues.float64(sum);
  }

  private static boolean valid(byte[] bytes) {
    return bytes != null && bytes.length == Double.BYTES;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
