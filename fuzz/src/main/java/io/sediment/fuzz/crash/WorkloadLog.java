package io.sediment.fuzz.crash;

import io.sediment.fuzz.GeneratorConfig;
import io.sediment.fuzz.Op;
import io.sediment.fuzz.OpGenerator;
import io.sediment.fuzz.OpKind;
import io.sediment.lsm.Db;
import io.sediment.lsm.WriteBatch;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The crash test's op sequence: an {@link OpGenerator} stream of writes (puts, deletes, range
 * deletes, merges, batches) with an occasional flush or compaction, and no reads, snapshots or
 * reopens (the process life cycle is the parent's business). The sequence is a pure function of the
 * seed, so a process that reports "op n done" tells the parent the exact state it wrote: the model
 * after the first n+1 ops.
 *
 * <p>Range deletes are always well-formed (begin before end), so every op succeeds and changes the
 * state the way the model says.
 */
public final class WorkloadLog {

  private WorkloadLog() {}

  /** The generator mix of the workload. */
  public static GeneratorConfig generatorConfig() {
    Map<OpKind, Integer> w = new EnumMap<>(OpKind.class);
    for (OpKind k : OpKind.values()) {
      w.put(k, 0);
    }
    w.put(OpKind.PUT, 30);
    w.put(OpKind.DELETE, 8);
    w.put(OpKind.DELETE_RANGE, 3);
    w.put(OpKind.MERGE, 12);
    w.put(OpKind.BATCH, 6);
    w.put(OpKind.FLUSH, 1);
    w.put(OpKind.COMPACT, 1);
    GeneratorConfig d = GeneratorConfig.defaults();
    return d.withWeights(w).withKeys(d.maxKeyLength(), d.emptyKeyRate(), 0, 0);
  }

  /** A generator positioned at op {@code start} of the sequence of {@code seed}. */
  public static OpGenerator generatorAt(long seed, long start) {
    OpGenerator g = new OpGenerator(generatorConfig(), seed);
    for (long i = 0; i < start; i++) {
      g.next();
    }
    return g;
  }

  /**
   * Runs a workload op against the engine.
   *
   * @throws IllegalArgumentException for an op the workload never generates (a read, a snapshot, a
   *     reopen)
   */
  public static void apply(Op op, Db db) throws IOException {
    if (op instanceof Op.Put p) {
      db.put(p.key(), p.value());
    } else if (op instanceof Op.Delete d) {
      db.delete(d.key());
    } else if (op instanceof Op.DeleteRange r) {
      db.deleteRange(r.begin(), r.end());
    } else if (op instanceof Op.Merge m) {
      db.merge(m.key(), m.operand());
    } else if (op instanceof Op.Batch b) {
      WriteBatch batch = new WriteBatch();
      b.ops().forEach(o -> o.addTo(batch));
      db.write(batch);
    } else if (op instanceof Op.Flush) {
      db.flush();
    } else if (op instanceof Op.CompactRange c) {
      db.compactRange(c.begin(), c.end());
    } else {
      throw new IllegalArgumentException("not a workload op: " + op.text());
    }
  }
}
