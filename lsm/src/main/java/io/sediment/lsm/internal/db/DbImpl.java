package io.sediment.lsm.internal.db;

import io.sediment.cache.BlockCache;
import io.sediment.cache.disk.FileCacheStats;
import io.sediment.fs.FileRegistry;
import io.sediment.fs.FileSystemView;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbStats;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.WriteBatch;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.sst.SstWriterOptions;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import io.sediment.lsm.internal.version.VersionSet;
import io.sediment.lsm.internal.wal.LogWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link io.sediment.lsm.Db}: owns the open state and coordinates the write path,
 * the read path, flushes and compactions. Opening and recovery live in {@link DbOpener}, compaction
 * scheduling in {@link CompactionScheduler}.
 *
 * <p>Concurrency: writers are serialized by the {@link WritePath}; {@link #mutex} guards the
 * memtable set, the background-work flags and the background error, and {@link #changed} is
 * signalled whenever a flush or compaction finishes (stalled writers and {@code flush()} wait on
 * it). The version set serializes manifest edits itself. One flush thread flushes immutable
 * memtables oldest first; the {@link CompactionScheduler} runs up to {@code
 * maxBackgroundCompactions} compactions at once on disjoint inputs, on the compaction service.
 * Reads take no lock: they read the memtable set, then pin the current version (in that order, so
 * data moving from a memtable into a new file is never missed).
 */
public final class DbImpl {

  private static final Logger LOG = LoggerFactory.getLogger(DbImpl.class);

  final DbOptions options;
  final MergeFunction mergeFunction;
  final FileSystemView view;
  final VersionSet versions;
  final TableCache tables;
  final FileRegistry registry;
  final DbCounters counters = new DbCounters();
  final SnapshotList snapshots = new SnapshotList();
  final AtomicLong visibleSequence;
  final ReentrantLock mutex = new ReentrantLock();
  final Condition changed = mutex.newCondition();
  volatile MemTables mems;

  final CompactionScheduler compactions;
  private final ExecutorService flushExecutor;
  private final Executor readExecutor;
  private final ExecutorService ownedReadExecutor;

  /** How long an idle thread of the store-owned read pool lives. */
  private static final long READ_THREAD_IDLE_SECONDS = 30;

  private final WritePath writes;
  private final ReadPath reads;
  private final StoreListeners listeners;
  private final StoreLock lock;

  // Guarded by mutex.
  private volatile IOException backgroundError;
  private volatile boolean closed;

  DbImpl(
      DbOptions options,
      FileSystemView view,
      VersionSet versions,
      TableCache tables,
      FileRegistry registry,
      MemTables mems,
      LogWriter log,
      StoreListeners listeners,
      StoreLock lock) {
    this.options = options;
    this.listeners = listeners;
    this.mergeFunction = options.mergeFunction();
    this.view = view;
    this.versions = versions;
    this.tables = tables;
    this.registry = registry;
    this.mems = mems;
    this.visibleSequence = new AtomicLong(versions.lastSequence());
    this.compactions = new CompactionScheduler(this);
    this.flushExecutor = Executors.newSingleThreadExecutor(daemon("sediment-flush"));
    if (options.readExecutor() != null) {
      this.readExecutor = options.readExecutor();
      this.ownedReadExecutor = null;
    } else {
      // Lookups block on the file system when they miss the caches: as many threads as reads
      // should overlap, started on demand and stopped when idle.
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              options.settings().readThreads(),
              options.settings().readThreads(),
              READ_THREAD_IDLE_SECONDS,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              daemon("sediment-read"));
      pool.allowCoreThreadTimeOut(true);
      this.ownedReadExecutor = pool;
      this.readExecutor = pool;
    }
    this.writes = new WritePath(this, log);
    this.reads = new ReadPath(this, readExecutor, options.settings().readThreads());
    this.lock = lock;
  }

  private static ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Opens or creates the store described by {@code options}. */
  /** See {@link StoreDestroyer}. */
  public static void destroy(DbOptions options) throws IOException {
    StoreDestroyer.destroy(options);
  }

  public static DbImpl open(DbOptions options) throws IOException {
    return DbOpener.open(options);
  }

  // ---------------------------------------------------------------- state checks

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed: " + options.dirUri());
    }
  }

  /** Caller holds the mutex. */
  void checkBackgroundError() throws IOException {
    if (backgroundError != null) {
      throw new IOException(
          "store "
              + options.dirUri()
              + " stopped accepting writes after a background failure: "
              + backgroundError.getMessage(),
          backgroundError);
    }
  }

  SstWriterOptions writerOptions(int level) {
    return writerOptions(options, level);
  }

  static SstWriterOptions writerOptions(DbOptions options, int level) {
    return new SstWriterOptions(
            options.settings().blockSize(),
            16,
            options.settings().compression(level),
            options.settings().bloomBitsPerKey())
        .withKeyGroups(options.maxParallelism());
  }

  LogWriter createLog(long number) throws IOException {
    io.sediment.fs.WritableFile out = view.create(view.resolve(LogWriter.fileName(number)));
    try {
      return new LogWriter(out, number);
    } catch (IOException | RuntimeException e) {
      try {
        out.close(); // at most a partial header: recovery reads no record from it
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Pins the memtables and the current version for one read, and the sequence number it reads at:
   * {@code snapshotSequence}, or when that is negative the latest published sequence, taken after
   * the pin ({@link ReadPath#get(byte[], io.sediment.lsm.Snapshot)}).
   */
  ReadView acquireView(long snapshotSequence) {
    while (true) {
      MemTables m = mems; // memtables first, then the version: see the class comment
      Version v = versions.refCurrent();
      if (snapshotSequence >= 0) {
        return new ReadView(m, v, snapshotSequence);
      }
      long seq = visibleSequence.get();
      if (mems == m) {
        return new ReadView(m, v, seq);
      }
      v.unref(); // a memtable switch or flush came between: pin again
    }
  }

  // ---------------------------------------------------------------- user operations

  public void write(WriteBatch batch) throws IOException {
    writes.write(batch);
  }

  /** One put, delete or merge, without building a batch (the common case of a state backend). */
  public void writeSingle(ValueType type, byte[] key, byte[] value) throws IOException {
    writes.writeSingle(type, key, value);
  }

  public byte[] get(byte[] key, Snapshot snapshot) throws IOException {
    checkOpen();
    return reads.get(key, snapshot);
  }

  public CompletableFuture<byte[]> getAsync(byte[] key, Snapshot snapshot) {
    checkOpen();
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return reads.get(key, snapshot);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          readExecutor);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("store is closed: " + options.dirUri(), e);
    }
  }

  public List<byte[]> multiGet(List<byte[]> keys, Snapshot snapshot) throws IOException {
    checkOpen();
    return reads.multiGet(keys, snapshot);
  }

  public DbIterator newIterator(ReadOptions readOptions) throws IOException {
    checkOpen();
    return reads.newIterator(readOptions);
  }

  public Snapshot snapshot() {
    checkOpen();
    long seq = visibleSequence.get();
    snapshots.add(seq);
    return new Snapshot(seq, s -> snapshots.remove(s.sequence()));
  }

  /** Number of open snapshots (for tests). */
  public int liveSnapshotCount() {
    return snapshots.size();
  }

  // ---------------------------------------------------------------- flush

  /** Switches the active memtable and waits until every memtable is in an SST on the FS. */
  public void flush() throws IOException {
    checkOpen();
    MemTables target = writes.switchForFlush();
    waitForFlushes(target);
  }

  private void waitForFlushes(MemTables target) throws IOException {
    mutex.lock();
    try {
      while (true) {
        boolean pending = false;
        for (MemTables.Frozen f : target.immutables()) {
          if (mems.immutables().contains(f)) {
            pending = true;
            break;
          }
        }
        if (!pending) {
          return;
        }
        checkBackgroundError();
        changed.awaitUninterruptibly();
      }
    } finally {
      mutex.unlock();
    }
  }

  void scheduleFlush() {
    flushExecutor.execute(this::flushImmutables);
  }

  /**
   * Most memtable bytes one flush merges into one file. Merging pays off for small memtables, whose
   * flushes are dominated by the fixed cost of a file, its sync and a manifest edit; a large
   * memtable is flushed alone, so its memory is freed as soon as it is written.
   */
  static final long MAX_MERGED_FLUSH_BYTES = 4L << 20;

  /**
   * Flushes immutable memtables oldest first until none is left (flush thread). Small memtables
   * queued when a flush starts go into one file together; see {@link MemTableFlusher}.
   */
  private void flushImmutables() {
    while (true) {
      List<MemTables.Frozen> batch = mems.oldestWithin(MAX_MERGED_FLUSH_BYTES);
      if (batch.isEmpty()) {
        return;
      }
      try {
        List<MemTable> tables = new ArrayList<>(batch.size());
        for (MemTables.Frozen f : batch) {
          tables.add(f.table());
        }
        FileMetadata file =
            MemTableFlusher.flush(
                tables, this.tables, versions, writerOptions(0), options.nanoClock());
        VersionEdit edit = new VersionEdit().setLastSequence(visibleSequence.get());
        if (file != null) {
          edit.addFile(file);
        }
        long nextLog;
        mutex.lock();
        try {
          nextLog = mems.logNumberAfterFlushing(batch);
        } finally {
          mutex.unlock();
        }
        edit.setLogNumber(nextLog);
        versions.logAndApply(edit);
        if (file != null && file.rangeDeletionCount() > 0) {
          // Before the flush counts as done, so a caller of flush() finds the covered files gone.
          List<RangeTombstone> flushed = new ArrayList<>();
          for (MemTable m : tables) {
            flushed.addAll(m.rangeTombstones());
          }
          compactions.dropCoveredFiles(flushed);
        }
        mutex.lock();
        try {
          mems = mems.withoutOldest(batch);
          if (file != null) {
            counters.flushCount.incrementAndGet();
            counters.bytesFlushed.addAndGet(file.fileSize());
          }
          changed.signalAll();
        } finally {
          mutex.unlock();
        }
        for (MemTables.Frozen f : batch) {
          if (f.logNumber() != 0) {
            deleteQuietly(LogWriter.fileName(f.logNumber()));
          }
        }
        compactions.maybeSchedule();
      } catch (IOException | RuntimeException e) {
        failBackground(e);
        return;
      }
    }
  }

  void failBackground(Exception e) {
    mutex.lock();
    try {
      if (backgroundError == null) {
        LOG.warn(
            "background work failed in {}; writes are refused until reopen", options.dirUri(), e);
        backgroundError =
            e instanceof IOException io
                ? io
                : new IOException(
                    "background work failed in " + options.dirUri() + ": " + describe(e), e);
      }
      changed.signalAll();
    } finally {
      mutex.unlock();
    }
  }

  /** What went wrong in words: the message, or for an exception without one, its kind. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message != null && !message.isBlank()
        ? message
        : "unexpected " + e.getClass().getSimpleName() + " (see the cause)";
  }

  void deleteQuietly(String name) {
    try {
      view.delete(view.resolve(name));
    } catch (IOException e) {
      // A leftover obsolete file is garbage: never read again; the next open sweeps it.
      LOG.warn(
          "could not delete obsolete {} in {}; left for the next open: {}",
          name,
          options.dirUri(),
          e.getMessage());
    }
  }

  // ---------------------------------------------------------------- compaction

  /**
   * Flushes, then compacts every file overlapping {@code [begin, end]} (null: unbounded) level by
   * level down to the deepest non-empty level, and returns when done.
   */
  public void compactRange(byte[] begin, byte[] end) throws IOException {
    flush();
    compactions.compactRange(begin, end);
  }

  /**
   * Waits until no compaction is running and the picker proposes none (for tests and tools).
   *
   * @throws IOException if background work failed
   */
  public void waitForCompactions() throws IOException {
    compactions.waitUntilIdle();
  }

  /** Whether background work failed (writes are refused). Caller holds the mutex. */
  boolean hasBackgroundError() {
    return backgroundError != null;
  }

  // ---------------------------------------------------------------- stats and close

  public DbStats stats() {
    checkOpen();
    Version v = versions.current();
    List<DbStats.LevelStats> levels = new ArrayList<>();
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      levels.add(new DbStats.LevelStats(level, v.fileCount(level), v.levelBytes(level)));
    }
    BlockCache.Stats cache = tables.tiers().blockCacheStats();
    FileCacheStats files = tables.tiers().fileCacheStats();
    MemTables m = mems;
    return new DbStats(
        levels,
        counters.userBytesWritten.get(),
        counters.bytesFlushed.get(),
        counters.bytesCompactedRead.get(),
        counters.bytesCompactedWritten.get(),
        counters.flushCount.get(),
        counters.compactionCount.get(),
        counters.trivialMoveCount.get(),
        cache == null ? 0 : cache.hits(),
        cache == null ? 0 : cache.misses(),
        counters.stallNanos.get(),
        m.active().approximateBytes(),
        m.immutables().size(),
        cache == null ? 0 : cache.evictions(),
        cache == null ? 0 : cache.bytes(),
        files == null ? 0 : files.hits(),
        files == null ? 0 : files.misses(),
        files == null ? 0 : files.bytesReadLocal(),
        files == null ? 0 : files.bytesReadRemote(),
        files == null ? 0 : files.evictions(),
        files == null ? 0 : files.corruptionsDetected(),
        files == null ? 0 : files.fallbacks(),
        files == null ? 0 : files.usedBytes(),
        files == null ? 0 : files.capacityBytes(),
        counters.bytesCompactedSkipped.get(),
        counters.bytesDroppedCovered.get());
  }

  /**
   * Pins the current version: its files stay on disk until {@link Version#unref()} (for
   * checkpoints, which list the files of a version by reference).
   */
  public Version pinCurrentVersion() {
    checkOpen();
    return versions.refCurrent();
  }

  /** Highest sequence number visible to reads. */
  public long visibleSequence() {
    return visibleSequence.get();
  }

  /** Physical path of a file of this store's versions. */
  public org.apache.hadoop.fs.Path physicalPath(FileMetadata f) {
    return tables.path(f);
  }

  /**
   * The registry of the store's SST files: each live file is registered (owned when the store wrote
   * it) and unlinked when no live version holds it, so a checkpoint that links or pins a file keeps
   * it on disk after the store drops it.
   */
  public FileRegistry fileRegistry() {
    return registry;
  }

  /**
   * Hands the owned files among {@code files} (files of a pinned version) to a checkpoint: the
   * store never deletes them from now on, also after reopening. See {@link VersionSet#markShared}.
   *
   * @return numbers of the files that changed from owned to shared
   * @throws IOException if the marks could not be published (the files are then kept)
   */
  public List<Long> markShared(List<FileMetadata> files) throws IOException {
    checkOpen();
    // The registry first: from here on it never deletes the files, whichever thread releases them
    // next. The files are pinned by the caller, so the registry knows them.
    for (FileMetadata f : files) {
      registry.markShared(tables.path(f));
    }
    return versions.markShared(files);
  }

  /** Physical paths of every file a live version (current or pinned) of this store holds. */
  public java.util.Set<org.apache.hadoop.fs.Path> liveFilePaths() {
    java.util.Set<org.apache.hadoop.fs.Path> paths = new java.util.HashSet<>();
    for (FileMetadata f : versions.liveFiles()) {
      paths.add(tables.path(f));
    }
    return paths;
  }

  /**
   * Callbacks for other modules (the snapshot module ties a restored store's lease on checkpoint
   * files to them): when the store is done with a file, and when it has closed.
   */
  public StoreListeners listeners() {
    return listeners;
  }

  /** The options the store was opened with. */
  public DbOptions options() {
    return options;
  }

  /** The file-system view the store works through. */
  public FileSystemView fileSystem() {
    return view;
  }

  /** The current version, unpinned (for tests and tools). */
  public Version currentVersion() {
    return versions.current();
  }

  /**
   * Flushes the memtables, waits for background work, and releases every resource. Idempotent.
   *
   * @param flushFirst false skips the flush: unflushed writes survive only in the write-ahead log
   *     (used to model a crash)
   */
  public void close(boolean flushFirst) throws IOException {
    if (closed) {
      return;
    }
    IOException failure = null;
    if (flushFirst) {
      try {
        flush();
      } catch (IOException e) {
        failure = e;
      }
    }
    mutex.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      changed.signalAll();
    } finally {
      mutex.unlock();
    }
    try {
      writes.close();
    } catch (IOException e) {
      failure = failure == null ? e : failure;
    }
    flushExecutor.shutdown();
    awaitQuietly(flushExecutor);
    compactions.close();
    if (ownedReadExecutor != null) {
      ownedReadExecutor.shutdown();
      awaitQuietly(ownedReadExecutor);
    }
    tables.close();
    try {
      view.close();
    } catch (IOException e) {
      failure = failure == null ? e : failure;
    }
    listeners.closed();
    try {
      lock.close(); // last: the directory is free for the next open only once nothing writes
    } catch (IOException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      executor.awaitTermination(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isClosed() {
    return closed;
  }
}
