package io.sediment.jmh;

import io.sediment.cache.disk.Granularity;

/**
 * The stores the tiered-reads benchmarks put side by side, all over the same kind of dataset and
 * the same memory budget.
 */
public enum TieredStore {
  /** Sediment on the plain local file system: no latency, block cache only. */
  LOCAL(Engine.SEDIMENT, false, null),
  /** Sediment on simulated remote storage, block cache and file cache of fixed-size segments. */
  REMOTE_SEGMENTS(Engine.SEDIMENT, true, Granularity.SEGMENTS),
  /** Sediment on simulated remote storage, block cache and file cache of whole files. */
  REMOTE_WHOLE_FILE(Engine.SEDIMENT, true, Granularity.WHOLE_FILE),
  /** RocksDB through rocksdbjni on the local file system, block cache only. */
  ROCKSDB(Engine.ROCKSDB, false, null);

  final Engine engine;
  final boolean remote;
  final Granularity granularity;

  TieredStore(Engine engine, boolean remote, Granularity granularity) {
    this.engine = engine;
    this.remote = remote;
    this.granularity = granularity;
  }
}
