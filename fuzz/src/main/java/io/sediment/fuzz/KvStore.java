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
 * plus the life-cycle events a log can contain (clean reopen, crash, checkpoint, discard, restore).
 * Implemented by {@link DbStore} (the engine) and {@link ModelStore} (the reference); users may
 * wrap either, e.g. to run their own layer on top of the store under the same logs.
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

  /**
   * Takes checkpoint {@code id} of the current state (for the engine: {@code
   * CheckpointStorage.checkpoint} into the store's checkpoint storage). No visible effect on reads.
   *
   * @throws IllegalArgumentException if a retained checkpoint has this id
   * @throws UnsupportedOperationException when this store has no checkpoint storage
   */
  default void checkpoint(long id) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no checkpoints");
  }

  /**
   * Stops retaining checkpoint {@code id}; its files go once nothing else needs them. No visible
   * effect on reads, and no effect on any other retained checkpoint.
   *
   * @throws IllegalArgumentException if no retained checkpoint has this id
   * @throws UnsupportedOperationException when this store has no checkpoint storage
   */
  default void discardCheckpoint(long id) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no checkpoints");
  }

  /**
   * Collects the checkpoint storage's garbage: files and metadata nothing needs any more go. No
   * visible effect on reads.
   *
   * @throws UnsupportedOperationException when this store has no checkpoint storage
   */
  default void collectGarbage() throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no checkpoints");
  }

  /**
   * Closes the store cleanly, stops retaining checkpoint {@code id} and collects garbage while the
   * store is closed, then opens the store again from its directory the plain way: every
   * acknowledged write survives, every snapshot taken before is gone (the runner forgets them).
   *
   * @throws IllegalArgumentException if no retained checkpoint has this id
   * @throws UnsupportedOperationException when this store has no checkpoint storage
   */
  default void discardWhileClosed(long id) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no checkpoints");
  }

  /**
   * Abandons the current store and opens a new one, in a new directory, holding exactly the state
   * of retained checkpoint {@code id}; snapshots of the abandoned store are gone (the runner
   * forgets them). With {@code claim} the new store takes over the checkpoint's files ({@code
   * RestoreMode.CLAIM}): the checkpoints retained at that moment must not be restored again (the
   * runner refuses to), though they may still be discarded.
   *
   * @throws IllegalArgumentException if no retained checkpoint has this id
   * @throws UnsupportedOperationException when this store has no checkpoint storage
   */
  default void restore(long id, boolean claim) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no checkpoints");
  }

  /**
   * Empties the store and makes it declare key groups {@code [0, maxParallelism - 1]} of {@code
   * maxParallelism}: from then on every write must use a key-group-prefixed key of its range (see
   * {@link KeyGroupRules}), and rescales are possible. The first op of a keyed log. A restore takes
   * the declaration of its checkpoint.
   *
   * @throws IllegalArgumentException if maxParallelism is outside {@code [1, 32768]}
   */
  default void declareKeyGroups(int maxParallelism) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no key groups");
  }

  /**
   * Rescale by splitting: takes checkpoint {@code id} of the current store, splits its key groups
   * into {@code parts} contiguous parts ({@link KeyGroupRules#part}), opens a store for each part
   * from that checkpoint, and goes on with part {@code keep}. Every other part is checkpointed as
   * {@code id + 1 + index} and set aside (parked) for a later {@link #rescaleMerge}. Snapshots are
   * gone.
   *
   * @return {@code ok} and the {@link StateDigest} of each part set aside, in order
   * @throws IllegalArgumentException if the store declares no key groups, or parts and keep do not
   *     fit its range; nothing has happened then
   */
  default String rescaleSplit(long id, int parts, int keep) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no rescale");
  }

  /**
   * Rescale by merging neighbours back: takes checkpoint {@code id} of the current store and goes
   * on with a store opened from it and from the checkpoint of the most recently parked store whose
   * key groups adjoin the current ones, for both ranges together. Snapshots are gone.
   *
   * @return {@code ok merged [start, end]}, or {@code no-neighbour} (and nothing happened) when no
   *     parked store adjoins the current one
   * @throws IllegalArgumentException if the store declares no key groups; nothing has happened then
   */
  default String rescaleMerge(long id) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no rescale");
  }

  /**
   * Whether {@link #checkpoint}, {@link #discardCheckpoint} and {@link #restore} are supported
   * (logs containing them run only on such stores).
   */
  default boolean supportsCheckpoints() {
    return false;
  }

  @Override
  void close() throws IOException;
}
