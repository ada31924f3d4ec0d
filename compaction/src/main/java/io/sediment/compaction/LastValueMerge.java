package io.sediment.compaction;

import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * The newest operand wins: a merge acts as a put that does not need the old value. Any bytes are a
 * valid operand (an empty one included); the base is never read. Associative, so partial merges
 * keep only the newest operand.
 */
final class LastValueMerge implements MergeFunction {

  static final String NAME = "sediment.last-value";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    return operands.get(operands.size() - 1).clone();
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
