package io.sediment.workloads;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The db_bench workloads, defined once: what state the store starts in, which operation each step
 * is, and which key and value it uses. Runners ({@code sediment bench}, the JMH benchmarks) only
 * execute these choices on their engine and measure them. Keys are indexes in [0, keys) turned into
 * bytes by a {@link KeyValueGenerator}.
 */
public enum Workload {
  /** Puts keys 0, 1, 2, ... in order into an empty store. */
  FILLSEQ(Preparation.EMPTY, Operation.PUT),
  /** Puts uniformly random keys into an empty store. */
  FILLRANDOM(Preparation.EMPTY, Operation.PUT),
  /** Puts uniformly random existing keys, each with a value it did not have. */
  OVERWRITE(Preparation.LOADED, Operation.PUT),
  /** Gets uniformly random existing keys of a compacted store. */
  READRANDOM(Preparation.LOADED_COMPACTED, Operation.GET),
  /**
   * Seeks to a uniformly random existing key of a compacted store and reads the next {@link
   * Workloads#SCAN_LENGTH} entries.
   */
  SEEKRANDOM(Preparation.LOADED_COMPACTED, Operation.SCAN),
  /**
   * Gets uniformly random existing keys while one more thread overwrites uniformly random keys
   * ({@link #writerRandom()}, values as for {@link #OVERWRITE}); only reads are measured. The store
   * is loaded, not compacted.
   */
  READWHILEWRITING(Preparation.LOADED, Operation.GET),
  /** Adds 1 ({@link Workloads#mergeOperand()}) to a uniformly random counter of an empty store. */
  MERGERANDOM(Preparation.EMPTY, Operation.MERGE);

  /** The store a workload starts from. */
  public enum Preparation {
    /** A new, empty store. */
    EMPTY,
    /** Keys [0, keys) put in {@link LoadOrder} with value {@code value(index)}, then flushed. */
    LOADED,
    /** As {@link #LOADED}, then compacted fully (reads measure a settled tree). */
    LOADED_COMPACTED
  }

  /** What one measured step does. */
  public enum Operation {
    PUT,
    GET,
    SCAN,
    MERGE
  }

  private final Preparation preparation;
  private final Operation operation;

  Workload(Preparation preparation, Operation operation) {
    this.preparation = preparation;
    this.operation = operation;
  }

  /**
   * Whether the workload writes (in its measured steps or, for {@link #READWHILEWRITING}, in its
   * writer thread), so that a runner ends it with a flush of what the memtable still holds.
   */
  public boolean writes() {
    return operation != Operation.GET && operation != Operation.SCAN || this == READWHILEWRITING;
  }

  /** The lower-case db_bench name. */
  public String commandName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Preparation preparation() {
    return preparation;
  }

  public Operation operation() {
    return operation;
  }

  /**
   * The key index of measured step {@code step}: {@code step} itself for fillseq (modulo keys),
   * otherwise uniform in [0, keys) from {@code random}.
   *
   * @throws IllegalArgumentException if keys is below 1
   */
  public long keyIndex(long step, SplittableRandom random, long keys) {
    if (keys < 1) {
      throw new IllegalArgumentException("keys must be at least 1: " + keys);
    }
    return this == FILLSEQ ? Math.floorMod(step, keys) : random.nextLong(keys);
  }

  /**
   * The value index a put of key {@code keyIndex} at step {@code step} writes: the key's own index
   * when filling (what {@link Preparation#LOADED} writes too), and one never written before to that
   * key when overwriting ({@code keyIndex + step + 1}).
   */
  public long valueIndex(long keyIndex, long step) {
    return switch (this) {
      case FILLSEQ, FILLRANDOM -> keyIndex;
      default -> keyIndex + step + 1;
    };
  }

  /** Measured steps of a fixed-count run over {@code keys} keys: keys, or keys/10 scans. */
  public long operations(long keys) {
    return this == SEEKRANDOM ? Math.max(1, keys / 10) : keys;
  }

  /** The key choices of measuring thread {@code thread} (0, 1, ...): one seeded stream each. */
  public SplittableRandom random(int thread) {
    return new SplittableRandom(0x5EED_0000L + 1000L * ordinal() + thread);
  }

  /** The key choices of readwhilewriting's background writer. */
  public SplittableRandom writerRandom() {
    return new SplittableRandom(0x5EED_0000L + 1000L * ordinal() + 999);
  }

  /**
   * The workload called {@code name} (its {@link #commandName()}).
   *
   * @throws IllegalArgumentException naming it when no workload has that name
   */
  public static Workload byName(String name) {
    for (Workload w : values()) {
      if (w.commandName().equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload '" + name + "'");
  }
}
