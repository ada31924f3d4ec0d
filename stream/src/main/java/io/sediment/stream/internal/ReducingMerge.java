package io.sediment.stream.internal;

import io.sediment.lsm.MergeFunction;
import io.sediment.stream.Serializer;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Folds a reducing state's operands (serialized values) with its reduce function, oldest first,
 * starting from the base when there is one. No partial merge: a reduce function need not be
 * associative. Whatever the serializer or the function throws propagates to the read, or fails the
 * compaction, which keeps its inputs.
 *
 * @param <T> the value type
 */
public final class ReducingMerge<T> implements MergeFunction {

  private final String stateName;
  private final BinaryOperator<T> reduce;
  private final Serializer<T> serializer;

  /** Folds with {@code reduce} over {@code serializer}'s bytes. */
  public ReducingMerge(String stateName, BinaryOperator<T> reduce, Serializer<T> serializer) {
    this.stateName = stateName;
    this.reduce = reduce;
    this.serializer = serializer;
  }

  @Override
  public String name() {
    return "stream.reduce(" + stateName + ")";
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    T acc = base == null ? null : serializer.deserialize(base);
    for (byte[] op : operands) {
      T v = serializer.deserialize(op);
      acc = acc == null ? v : reduce.apply(acc, v);
    }
    return serializer.serialize(acc);
  }

  @Override
  public String toString() {
    return name();
  }
}
