package io.sediment.lsm;

import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.db.DbAccess;
import io.sediment.lsm.internal.db.DbImpl;
import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * A key-value store on any Hadoop file system: an LSM tree of write-once SST files with a manifest,
 * in-memory memtables and background flush and compaction.
 *
 * <p>Keys and values are byte arrays; keys are ordered by unsigned lexicographic byte order, a
 * shorter key first on a common prefix. Every write gets the next sequence number; a write (and a
 * whole {@link WriteBatch}) becomes visible to readers atomically once the call returns. Reads see
 * the latest state, or the state at a {@link Snapshot}.
 *
 * <p>Durability: without the write-ahead log (the default; stream processors recover from
 * checkpoints) writes are durable once flushed: by {@link #flush()}, by a background flush of a
 * full memtable, or by {@link #close()}, which flushes. With {@link DbOptions.Builder#walEnabled},
 * each write is synced to a log before it returns and survives a crash.
 *
 * <p>Errors: bad arguments throw {@link IllegalArgumentException}, and so does a null argument
 * (naming it) wherever null is not documented to mean something; any call after {@link #close()}
 * throws {@link IllegalStateException}; I/O failures throw {@link IOException} naming the file or
 * URI; data that fails a check throws {@link CorruptionException} naming the file and offset, and
 * nothing is ever answered from it. After a background flush or compaction fails, writes fail with
 * an {@link IOException} carrying that failure; reads go on.
 *
 * <p>Thread-safe: any number of threads may read and write at once.
 */
public final class Db implements AutoCloseable {

  static {
    DbAccess.install(db -> db.impl);
  }

  private final DbImpl impl;

  private Db(DbImpl impl) {
    this.impl = impl;
  }

  /**
   * Opens the store in {@code options.dirUri()}, creating it if it has no manifest yet.
   *
   * @throws IllegalArgumentException if the store was written with another merge function, or
   *     naming the URI and {@code walEnabled} if the write-ahead log is on and the file system
   *     cannot sync an open file ({@code hsync}; S3 through S3A cannot)
   * @throws CorruptionException if the newest complete manifest or a write-ahead log is corrupt
   * @throws IOException naming the URI if the file system cannot be reached
   */
  public static Db open(DbOptions options) throws IOException {
    Checks.notNull(options, "options");
    Db db = new Db(DbImpl.open(options));
    try {
      for (StoreOpenListener listener : OpenListeners.ALL) {
        listener.opened(db);
      }
    } catch (IOException | RuntimeException e) {
      try {
        db.close();
      } catch (IOException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return db;
  }

  /** The {@link StoreOpenListener}s on the class path, loaded once. */
  private static final class OpenListeners {
    static final List<StoreOpenListener> ALL = load();

    private static List<StoreOpenListener> load() {
      List<StoreOpenListener> found = new java.util.ArrayList<>();
      ServiceLoader.load(StoreOpenListener.class, Db.class.getClassLoader()).forEach(found::add);
      return List.copyOf(found);
    }
  }

  /**
   * Deletes the closed store in {@code options.dirUri()}, as RocksDB's {@code DestroyDB} does: the
   * files it owns, its write-ahead logs and its manifests, then the directory if nothing else is
   * left in it. Files the store handed to a checkpoint, or was restored from, stay: their
   * checkpoint storage deletes them once no checkpoint needs them (a storage that recorded the
   * store treats it as gone from then on). Does nothing if the directory does not exist. A destroy
   * cut short (a crash, a failed delete) finishes when run again.
   *
   * @throws IllegalArgumentException if options is null
   * @throws IOException naming the directory if the store is open (in this process, or on a local
   *     file system in another one), or naming a file that could not be deleted
   */
  public static void destroy(DbOptions options) throws IOException {
    Checks.notNull(options, "options");
    DbImpl.destroy(options);
  }

  /** Sets {@code key} to {@code value}. */
  public void put(byte[] key, byte[] value) throws IOException {
    impl.writeSingle(ValueType.PUT, key, value);
  }

  /** The value of {@code key}, or null when absent. */
  public byte[] get(byte[] key) throws IOException {
    return impl.get(key, null);
  }

  /** The value of {@code key} as of {@code options.snapshot()} (latest when none), or null. */
  public byte[] get(ReadOptions options, byte[] key) throws IOException {
    Checks.notNull(options, "options");
    return impl.get(key, options.snapshot());
  }

  /** Removes {@code key}. */
  public void delete(byte[] key) throws IOException {
    impl.writeSingle(ValueType.DELETE, key, null);
  }

  /**
   * Removes every key in {@code [beginInclusive, endExclusive)}.
   *
   * @throws IllegalArgumentException unless begin sorts before end
   */
  public void deleteRange(byte[] beginInclusive, byte[] endExclusive) throws IOException {
    impl.write(new WriteBatch().deleteRange(beginInclusive, endExclusive));
  }

  /**
   * Adds a merge operand to {@code key}, folded by the merge function on read and in compaction.
   *
   * @throws IllegalStateException if the store has no merge function
   */
  public void merge(byte[] key, byte[] operand) throws IOException {
    impl.writeSingle(ValueType.MERGE, key, operand);
  }

  /**
   * Applies every operation of {@code batch} atomically: all or nothing, also across a crash (with
   * the write-ahead log, the batch is one log record).
   *
   * @throws IllegalStateException if the batch merges and the store has no merge function
   */
  public void write(WriteBatch batch) throws IOException {
    Checks.notNull(batch, "batch");
    impl.write(batch);
  }

  /**
   * {@link #get(byte[])} on the store's read executor. The future fails with the same errors,
   * wrapped in a {@link java.util.concurrent.CompletionException}.
   */
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    Checks.notNull(key, "key");
    return impl.getAsync(key, null);
  }

  /**
   * The values of {@code keys} from one consistent state (the latest), in the same order; null when
   * absent. A key asked for twice gets two equal arrays.
   *
   * <p>The keys are resolved as a batch, level by level: all of them in the memtables first, then,
   * for those still unresolved, each level-0 file newest first and each deeper level, where the
   * data blocks the keys need are read together, each once: from the block cache, else from the
   * file cache or the file system, those that wait on remote storage side by side on the calling
   * thread and the store's read executor (see {@link DbOptions.Builder#readThreads}). A batch so
   * waits about one remote round trip per level rather than one per key; sorted keys cost least.
   * The call returns when every read it started is done.
   *
   * @throws IllegalArgumentException if {@code keys} or one of its elements is null
   * @throws IOException naming the file if one cannot be read (a {@link CorruptionException} for
   *     bad data); the first failure, once every read has finished
   * @throws IllegalStateException if the store is closed, or a merge operand is met and the store
   *     has no merge function
   */
  public List<byte[]> multiGet(List<byte[]> keys) throws IOException {
    return impl.multiGet(keys, null);
  }

  /**
   * {@link #multiGet(List)} as of {@code options.snapshot()} (the latest state when none); the
   * bounds of {@code options} do not apply to point lookups.
   *
   * @throws IllegalArgumentException if {@code options}, {@code keys} or one of its elements is
   *     null
   * @throws IllegalStateException if the snapshot is closed, and as {@link #multiGet(List)}
   * @throws IOException as {@link #multiGet(List)}
   */
  public List<byte[]> multiGet(ReadOptions options, List<byte[]> keys) throws IOException {
    Checks.notNull(options, "options");
    return impl.multiGet(keys, options.snapshot());
  }

  /** Pins the current state for reads; close it to let compaction reclaim what it pins. */
  public Snapshot snapshot() {
    return impl.snapshot();
  }

  /** An iterator over the latest state. Close it: it pins files and memtables. */
  public DbIterator newIterator() throws IOException {
    return impl.newIterator(ReadOptions.defaults());
  }

  /**
   * An iterator over the state of {@code options.snapshot()} (latest when none) within its bounds
   * ({@code [lowerBound, upperBound)}). Close it: it pins files and memtables.
   */
  public DbIterator newIterator(ReadOptions options) throws IOException {
    Checks.notNull(options, "options");
    return impl.newIterator(options);
  }

  /** Writes the memtables to SSTs; returns when they are durable on the file system. */
  public void flush() throws IOException {
    impl.flush();
  }

  /**
   * Flushes, then compacts everything overlapping {@code [begin, end]} (null: unbounded) down to
   * the deepest level holding data; returns when done.
   */
  public void compactRange(byte[] begin, byte[] end) throws IOException {
    impl.compactRange(begin, end);
  }

  /** Files and bytes per level, work counters, write amplification, cache and stall figures. */
  public DbStats stats() {
    return impl.stats();
  }

  /**
   * Flushes the memtables, waits for background work, closes files. Idempotent. Close iterators and
   * snapshots first: an iterator used after its store closed fails.
   *
   * @throws IOException if the final flush failed (the store is closed anyway)
   */
  @Override
  public void close() throws IOException {
    impl.close(true);
  }

  /**
   * The engine, for this package's tests. Other modules reach it through {@link
   * io.sediment.lsm.spi.StoreEngine#of(Db)}.
   */
  DbImpl internal() {
    return impl;
  }
}
