package io.sediment.compaction;

import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * The fixed-width integer merges: RocksDB's little-endian {@code uint64add}, and big-endian 32- and
 * 64-bit sums, maxima and minima. A value or operand whose length is not the width counts as absent
 * (RocksDB's {@code uint64add} reads it as 0 and logs it): a sum then adds nothing, an extremum
 * ignores it. A merge in which nothing is valid gives the identity: 0 for a sum, an empty value for
 * an extremum (which has none). Every one is associative and commutative, so partial merges are
 * offered and fold to the same bytes as one sequential fold.
 */
final class IntegerMerge implements MergeFunction {

  /** Which merge, with its width and byte order. */
  enum Kind {
    UINT64_ADD("sediment.uint64add", Long.BYTES, false),
    INT32_SUM("sediment.int32-sum", Integer.BYTES, true),
    INT64_SUM("sediment.int64-sum", Long.BYTES, true),
    INT64_MAX("sediment.int64-max", Long.BYTES, true),
    INT64_MIN("sediment.int64-min", Long.BYTES, true);

    final String functionName;
    final int width;
    final boolean bigEndian;

    Kind(String functionName, int width, boolean bigEndian) {
      this.functionName = functionName;
      this.width = width;
      this.bigEndian = bigEndian;
    }

    boolean isSum() {
      return this == UINT64_ADD || this == INT32_SUM || this == INT64_SUM;
    }
  }

  private final Kind kind;

  IntegerMerge(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.functionName;
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    boolean any = false;
    long acc = 0;
    if (valid(base)) {
      acc = decode(base);
      any = true;
    }
    for (byte[] operand : operands) {
      if (!valid(operand)) {
        continue;
      }
      long v = decode(operand);
      acc = any ? combine(acc, v) : v;
      any = true;
    }
    if (!any && !kind.isSum()) {
      return new byte[0];
    }
    return encode(acc);
  }

  @Override
  public byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return fullMerge(key, null, operands);
  }

  private boolean valid(byte[] bytes) {
    return bytes != null && bytes.length == kind.width;
  }

  private long decode(byte[] bytes) {
    return kind.bigEndian ? MergeValues.bigEndian(bytes) : MergeValues.littleEndian(bytes);
  }

  private long combine(long a, long b) {
    return switch (kind) {
      case UINT64_ADD, INT64_SUM -> a + b;
      case INT32_SUM -> (int) a + (int) b;
      case INT64_MAX -> Math.max(a, b);
      case INT64_MIN -> Math.min(a, b);
    };
  }

  private byte[] encode(long v) {
    return switch (kind) {
      case UINT64_ADD -> MergeValues.uint64(v);
      case INT32_SUM -> MergeValues.int32((int) v);
      case INT64_SUM, INT64_MAX, INT64_MIN -> MergeValues.int64(v);
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
