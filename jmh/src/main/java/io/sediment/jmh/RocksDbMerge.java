package io.sediment.jmh;

/**
 * How {@link RocksDbRescale} moves the keys of a second source checkpoint into the store it
 * restores (after downloading that checkpoint and opening it as a temporary instance).
 */
public enum RocksDbMerge {
  /**
   * Write the keys of the target's key groups into new SST files ({@code SstFileWriter}, cut at 64
   * MiB) and ingest them ({@code ingestExternalFile}, files moved): one rewrite, no memtable, no
   * compaction.
   */
  INGEST,
  /**
   * Put the keys through write batches of about 1 MiB, no write-ahead log: what Flink's RocksDB
   * backend does by default when it rescales from several checkpoints.
   */
  WRITE_BATCH
}
