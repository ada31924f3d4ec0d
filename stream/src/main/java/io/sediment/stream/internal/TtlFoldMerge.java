package io.sediment.stream.internal;

import io.sediment.lsm.MergeFunction;
import java.util.List;

/**
 * A merge function for a reducing or aggregating state with TTL: every value and operand is an
 * 8-byte big-endian write timestamp followed by the inner function's bytes. Operands fold oldest
 * first; a value that had expired when the next operand was written ({@code ts + ttl <= operand's
 * ts}) is dropped and the fold starts afresh from that operand, which is what a read-then-write
 * under Flink's TTL would have stored. The result carries the newest timestamp. No partial merge:
 * whether an operand survives depends on what came before it.
 */
public final class TtlFoldMerge implements MergeFunction {

  private final MergeFunction inner;
  private final long ttlMillis;

  /** Wraps {@code inner} for values living {@code ttlMillis}. */
  public TtlFoldMerge(MergeFunction inner, long ttlMillis) {
    this.inner = inner;
    this.ttlMillis = ttlMillis;
  }

  @Override
  public String name() {
    return "stream.ttl-fold(" + inner.name() + ")";
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    long ts = Long.MIN_VALUE;
    byte[] acc = null;
    if (base != null && base.length >= Long.BYTES) {
      ts = Bytes.readLong(base, 0);
      acc = TtlValues.payload(base);
    }
    for (byte[] op : operands) {
      if (op.length < Long.BYTES) {
        continue;
      }
      long opTs = Bytes.readLong(op, 0);
      if (acc != null && TtlValues.expired(ts, ttlMillis, opTs)) {
        acc = null;
      }
      acc = inner.fullMerge(key, acc, List.of(TtlValues.payload(op)));
      ts = Math.max(ts, opTs);
    }
    if (acc == null) {
      return base == null ? new byte[0] : base.clone();
    }
    return TtlValues.wrap(ts, acc);
  }

  @Override
  public String toString() {
    return name();
  }
}
