package io.sediment.tool;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The workloads of {@code sediment bench}, named as in RocksDB's db_bench. Each operation works on
 * key indexes in [0, keys).
 */
enum BenchWorkload {
  /** Puts keys 0..keys-1 in order into an empty store. */
  FILLSEQ(false) {
    @Override
    long op(Db db, BenchData data, SplittableRandom random, long i, long keys) throws IOException {
      db.put(data.key(i), data.value(i));
      return 1;
    }
  },
  /** Puts random keys into an empty store. */
  FILLRANDOM(false) {
    @Override
    long op(Db db, BenchData data, SplittableRandom random, long i, long keys) throws IOException {
      long k = random.nextLong(keys);
      db.put(data.key(k), data.value(k + i));
      return 1;
    }
  },
  /** Overwrites random keys of a loaded store. */
  OVERWRITE(true) {
    @Override
    long op(Db db, BenchData data, SplittableRandom random, long i, long keys) throws IOException {
      long k = random.nextLong(keys);
      db.put(data.key(k), data.value(k + i));
      return 1;
    }
  },
  /** Gets random keys of a loaded store; counts the ones found. */
  READRANDOM(true) {
    @Override
    long op(Db db, BenchData data, SplittableRandom random, long i, long keys) throws IOException {
      return db.get(data.key(random.nextLong(keys))) != null ? 1 : 0;
    }
  },
  /** Seeks to a random key of a loaded store and reads the next 100 entries. */
  SEEKRANDOM(true) {
    @Override
    long op(Db db, BenchData data, SplittableRandom random, long i, long keys) throws IOException {
      long read = 0;
      try (DbIterator it = db.newIterator()) {
        for (it.seek(data.key(random.nextLong(keys))); it.isValid() && read < SCAN_LENGTH; ) {
          it.value();
          read++;
          it.next();
        }
      }
      return read;
    }

    @Override
    long operations(long keys) {
      return Math.max(1, keys / 10);
    }
  },
  /**
   * Gets random keys of a loaded store while one more thread overwrites random keys as fast as it
   * can; only the reads are measured.
   */
  READWHILEWRITING(true) {
    @Override
    long op(Db db, BenchData data, SplittableRandom random, long i, long keys) throws IOException {
      return READRANDOM.op(db, data, random, i, keys);
    }
  },
  /** Adds 1 to a random counter with the counter merge function. */
  MERGERANDOM(false) {
    @Override
    long op(Db db, BenchData data, SplittableRandom random, long i, long keys) throws IOException {
      db.merge(data.key(random.nextLong(keys)), ONE);
      return 1;
    }
  };

  /** Entries read per seekrandom operation. */
  static final int SCAN_LENGTH = 100;

  private static final byte[] ONE = CounterMerge.encode(1);

  /** Whether the store is filled with keys 0..keys-1 (not measured) before the run. */
  final boolean preload;

  BenchWorkload(boolean preload) {
    this.preload = preload;
  }

  /** The lower-case name typed on the command line. */
  String commandName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the workload writes (in its measured operations or, for readwhilewriting, in its writer
   * thread), so that the run ends with a flush of what the memtable still holds.
   */
  boolean writes() {
    return this != READRANDOM && this != SEEKRANDOM;
  }

  /** Measured operations for a store of {@code keys} keys. */
  long operations(long keys) {
    return keys;
  }

  /**
   * One measured operation number {@code i}; returns the items it touched (keys found, entries
   * scanned, 1 for a write).
   */
  abstract long op(Db db, BenchData data, SplittableRandom random, long i, long keys)
      throws IOException;

  /** The workload called {@code name} on the command line. */
  static BenchWorkload byName(String name) throws UsageException {
    for (BenchWorkload w : values()) {
      if (w.commandName().equals(name)) {
        return w;
      }
    }
    throw new UsageException("unknown workload '" + name + "'");
  }
}
