package io.sediment.workloads;

import io.sediment.compaction.MergeFunctions;
import io.sediment.compaction.MergeValues;
import io.sediment.lsm.MergeFunction;

/** Constants every runner of the {@link Workload}s shares. */
public final class Workloads {

  /** The seed of the key/value source ({@link KeyValueGenerator}). */
  public static final long DATA_SEED = 42;

  /** The seed of the {@link LoadOrder} that fills a store before a measured phase. */
  public static final long LOAD_SEED = 3;

  /** Entries read per seekrandom operation, as db_bench's {@code --seek_nexts=100} runs do. */
  public static final int SCAN_LENGTH = 100;

  private static final byte[] ONE = MergeValues.uint64(1);

  private Workloads() {}

  /**
   * The counter merge every engine runs mergerandom with: RocksDB's {@code uint64add} (8-byte
   * little-endian counters), {@link MergeFunctions#uint64Add()} in Sediment.
   */
  public static MergeFunction counterMerge() {
    return MergeFunctions.uint64Add();
  }

  /** The operand of one mergerandom operation: +1 as an 8-byte little-endian counter (a copy). */
  public static byte[] mergeOperand() {
    return ONE.clone();
  }
}
