package io.sediment.tool;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.LoadOrder;
import io.sediment.workloads.Workload;
import io.sediment.workloads.Workloads;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Runs the shared {@link Workload} definitions on a Sediment {@link Db}: the preparation of the
 * store and one measured step. What each step does (key, value, operation) is the definition's;
 * this class only issues it.
 */
final class BenchOps {

  private BenchOps() {}

  /**
   * Brings an empty store into the workload's starting state: keys [0, keys) in {@link LoadOrder},
   * flushed, and compacted for {@link Workload.Preparation#LOADED_COMPACTED}; reports progress.
   */
  static void prepare(Workload w, Db db, KeyValueGenerator data, long keys, LongConsumer loaded)
      throws IOException {
    if (w.preparation() == Workload.Preparation.EMPTY) {
      return;
    }
    LoadOrder order = new LoadOrder(keys, Workloads.LOAD_SEED);
    long n = 0;
    while (order.hasNext()) {
      long i = order.nextLong();
      db.put(data.key(i), data.value(i));
      loaded.accept(++n);
    }
    db.flush();
    if (w.preparation() == Workload.Preparation.LOADED_COMPACTED) {
      db.compactRange(null, null);
    }
  }

  /**
   * Measured step {@code step}; returns the items it touched (keys found, entries scanned, 1 for a
   * write).
   */
  static long step(
      Workload w, Db db, KeyValueGenerator data, SplittableRandom random, long step, long keys)
      throws IOException {
    long k = w.keyIndex(step, random, keys);
    switch (w.operation()) {
      case PUT -> {
        db.put(data.key(k), data.value(w.valueIndex(k, step)));
        return 1;
      }
      case GET -> {
        return db.get(data.key(k)) != null ? 1 : 0;
      }
      case SCAN -> {
        long read = 0;
        try (DbIterator it = db.newIterator()) {
          for (it.seek(data.key(k)); it.isValid() && read < Workloads.SCAN_LENGTH; it.next()) {
            it.value();
            read++;
          }
        }
        return read;
      }
      case MERGE -> {
        db.merge(data.key(k), Workloads.mergeOperand());
        return 1;
      }
      default -> throw new IllegalStateException("unknown operation " + w.operation());
    }
  }
}
