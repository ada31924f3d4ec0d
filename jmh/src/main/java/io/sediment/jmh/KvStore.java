package io.sediment.jmh;

import java.io.IOException;

/**
 * What a benchmark needs from an engine, so the same workload runs on Sediment, RocksDB and ForSt
 * in one JMH run. Each implementation maps these calls onto the engine's own API and nothing else.
 * Every engine is opened with the counter merge operator described at {@link #merge}.
 */
public interface KvStore extends AutoCloseable {

  void put(byte[] key, byte[] value) throws IOException;

  /** The value, or null when absent. */
  byte[] get(byte[] key) throws IOException;

  /**
   * Adds {@code operand} to the counter at {@code key}: both are 8-byte little-endian unsigned
   * longs, RocksDB's {@code uint64add} encoding (Sediment runs {@code MergeFunctions.uint64Add()},
   * the same operator).
   */
  void merge(byte[] key, byte[] operand) throws IOException;

  /**
   * Reads up to {@code count} entries (keys and values) from the first key at or after {@code
   * start}; returns how many there were.
   */
  int scan(byte[] start, int count) throws IOException;

  /** Writes the memtable out and waits until it is durable. */
  void flush() throws IOException;

  /** Compacts the whole key space and waits for it. */
  void compactAll() throws IOException;

  /**
   * Bytes the engine wrote to SST files since it was opened: flush outputs plus compaction outputs
   * (a file moved to another level without a rewrite counts nothing). Write amplification divides
   * this by the key and value bytes written, counted alike for every engine by {@link
   * WriteCountingStore}.
   */
  long sstBytesWritten() throws IOException;

  /** Bytes of the live SST files. */
  long liveSstBytes() throws IOException;

  @Override
  void close() throws IOException;
}
