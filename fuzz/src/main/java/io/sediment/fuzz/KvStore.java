package io.sediment.fuzz;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.WriteBatch;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The key-value surface an operation log runs against: the public API of {@code io.sediment.lsm.Db}
 * plus the life-cycle events a log can contain (clean reopen, crash). Implemented by {@link
 * DbStore} (the engine) and {@link ModelStore} (the reference); users may wrap either, e.g. to run
 * their own layer on top of the store under the same logs.
 *
 * <p>Every method has the contract of the {@code Db} method of the same name, including its errors:
 * bad arguments throw {@link IllegalArgumentException}, reads through a released snapshot and
 * merges without a merge function throw {@link IllegalStateException}. The runner records
 * exceptions by type, so two stores agree only when they fail in the same way.
 */
public interface KvStore extends AutoCloseable {

  void put(byte[] key, byte[] value) throws IOException;

  void delete(byte[] key) throws IOException;

  void deleteRange(byte[] beginInclusive, byte[] endExclusive) throws IOException;

  void merge(byte[] key, byte[] operand) throws IOException;

  /** Applies the batch atomically. */
  void write(WriteBatch batch) throws IOException;

  /** The value at {@code options.snapshot()} (latest when null), or null when absent. */
  byte[] get(ReadOptions options, byte[] key) throws IOException;

  /** {@link #get} of the latest state, completed asynchronously. */
  CompletableFuture<byte[]> getAsync(byte[] key);

  /** Values of the latest state from one consistent view; null entries when absent. */
  List<byte[]> multiGet(List<byte[]> keys) throws IOException;

  /** Pins the current state. */
  Snapshot snapshot();

  /** An iterator at {@code options.snapshot()} within its bounds; the caller closes it. */
  DbIterator newIterator(ReadOptions options) throws IOException;

  /** Makes the memtables durable; no visible effect on reads. */
  void flush() throws IOException;

  /** Compacts {@code [begin, end]} (null: unbounded); no visible effect on reads. */
  void compactRange(byte[] begin, byte[] end) throws IOException;

  /**
   * Closes the store cleanly and opens it again from its directory: every acknowledged write
   * survives, every snapshot taken before is gone (the runner forgets them).
   */
  void reopen() throws IOException;

  /**
   * The process dies without closing the store, then the store is opened again from its directory.
   * Only stores that make every acknowledged write durable (the engine with its write-ahead log; on
   * a fault-injecting file system, the store loses whatever it did not sync) support it: after a
   * crash every acknowledged write must still be there, exactly as after {@link #reopen()}.
   *
   * @throws UnsupportedOperationException when this store cannot promise that
   */
  default void crash() throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not model crashes");
  }

  /** Whether {@link #crash()} is supported (logs containing a crash run only on such stores). */
  default boolean supportsCrash() {
    return false;
  }

  @Override
  void close() throws IOException;
}
