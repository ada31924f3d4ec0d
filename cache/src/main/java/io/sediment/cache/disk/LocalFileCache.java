package io.sediment.cache.disk;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * The local-disk tier of Sediment's tiered reads: copies of remote files (or of segments of them)
 * kept in a local directory under a byte budget.
 *
 * <p>Files come in two ways. A file written through {@link #createWriteThrough} or {@link
 * #wrapForWrite} is copied locally while it is written and is cached from its first read. Any other
 * file opened through {@link #open} is loaded on demand: each read is served from the local copy
 * when the bytes it needs are cached, else from remote, and the unit it touched is copied in the
 * background if the frequency filter lets it in. A read never waits for such a copy: it reads just
 * its own bytes from remote, and later reads find the unit local once the copy is complete. At most
 * {@link FileCacheOptions#loadThreads()} copies run at once.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Reads return exactly the remote bytes. Local copies are checksummed per chunk and verified
 *       on every read; a copy that fails is discarded and the bytes come from remote. A copy is
 *       visible only once complete (written under a temporary name, then renamed).
 *   <li>Entries are keyed by remote path, length and version (modification time or a caller's
 *       token), so another file under a reused name is never served from an old copy.
 *   <li>Bytes on disk (entries plus copies being written) never exceed {@code capacityBytes}.
 *   <li>The cache never fails a caller: when the local directory disappears, becomes unwritable or
 *       fills up, the cache disables itself and everything goes to remote; it probes the directory
 *       again at most once per {@link FileCacheOptions#recheckInterval()} of the clock and
 *       re-enables itself when the directory works. Remote errors reach callers unchanged.
 *   <li>Opening cleans the directory: temporary files and inconsistent entries are deleted, the
 *       rest is indexed.
 * </ul>
 *
 * <p>Thread-safe; one instance per process or per store, one directory per instance.
 */
public final class LocalFileCache implements Closeable {

  /** The frequency sketch gets one counter per this many budget bytes (bounded below and above). */
  private static final long BYTES_PER_SKETCH_COUNTER = 256 << 10;

  /** Load threads stop after this long without work and start again on demand. */
  private static final long LOAD_THREAD_IDLE_SECONDS = 30;

  private final Path dir;
  private final long capacityBytes;
  private final FileCacheOptions options;
  private final SegmentLayout layout;
  private final StatsCounters stats = new StatsCounters();
  private final CacheIndex index;
  private final DiskHealth health;
  private final SegmentReadPath readPath;

  /** The pool the cache made for its background loads, or null if the loads run on a given one. */
  private final ExecutorService ownedLoadPool;

  private volatile boolean closed;

  private LocalFileCache(
      Path dir,
      long capacityBytes,
      FileCacheOptions options,
      Clock clock,
      Executor loadExecutor,
      ExecutorService ownedLoadPool) {
    this.dir = dir;
    this.capacityBytes = capacityBytes;
    this.options = options;
    this.layout = new SegmentLayout(options);
    long counters = Math.min(1 << 20, Math.max(256, capacityBytes / BYTES_PER_SKETCH_COUNTER));
    EntryChannels channels = new EntryChannels(options.maxOpenFiles());
    this.index =
        new CacheIndex(
            capacityBytes,
            new TinyLfuAdmission(new FrequencySketch((int) counters)),
            stats,
            channels::close);
    this.health =
        new DiskHealth(
            dir, clock, options.recheckInterval().toMillis(), stats, index::dropMissingFiles);
    this.ownedLoadPool = ownedLoadPool;
    UnitLoader loader =
        new UnitLoader(
            dir,
            options.checksumChunkBytes(),
            index,
            health,
            stats,
            loadExecutor,
            options.loadThreads());
    this.readPath = new SegmentReadPath(dir, index, health, stats, channels, loader);
  }

  /**
   * Opens a cache in {@code localDir} with the system clock. See {@link #open(Path, long,
   * FileCacheOptions, Clock)}.
   */
  public static LocalFileCache open(Path localDir, long capacityBytes, FileCacheOptions options) {
    return open(localDir, capacityBytes, options, Clock.systemUTC());
  }

  /**
   * Opens a cache in {@code localDir}, creating the directory if needed, cleaning it and indexing
   * the valid entries a previous instance left. If the directory cannot be created or scanned the
   * cache starts disabled (counted as a fallback) and probes it later; this never throws for a
   * local-disk problem.
   *
   * @param clock paces the re-probing of a failed directory
   * @throws IllegalArgumentException if {@code capacityBytes} is not positive
   */
  public static LocalFileCache open(
      Path localDir, long capacityBytes, FileCacheOptions options, Clock clock) {
    checkArguments(localDir, capacityBytes, options, clock);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            options.loadThreads(),
            options.loadThreads(),
            LOAD_THREAD_IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            loadThreads());
    pool.allowCoreThreadTimeOut(true);
    return open(localDir, capacityBytes, options, clock, pool, pool);
  }

  /**
   * As {@link #open(Path, long, FileCacheOptions, Clock)}, with background loads run by {@code
   * loads}, which the cache does not shut down. For tests: a direct executor makes every load
   * complete before the read that started it goes on.
   */
  static LocalFileCache open(
      Path localDir, long capacityBytes, FileCacheOptions options, Clock clock, Executor loads) {
    checkArguments(localDir, capacityBytes, options, clock);
    Objects.requireNonNull(loads, "loads");
    return open(localDir, capacityBytes, options, clock, loads, null);
  }

  private static void checkArguments(
      Path localDir, long capacityBytes, FileCacheOptions options, Clock clock) {
    Objects.requireNonNull(localDir, "localDir");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(clock, "clock");
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("capacityBytes must be positive: " + capacityBytes);
    }
  }

  private static LocalFileCache open(
      Path localDir,
      long capacityBytes,
      FileCacheOptions options,
      Clock clock,
      Executor loads,
      ExecutorService ownedLoadPool) {
    LocalFileCache cache =
        new LocalFileCache(
            localDir.toAbsolutePath().normalize(),
            capacityBytes,
            options,
            clock,
            loads,
            ownedLoadPool);
    try {
      Files.createDirectories(cache.dir);
      DirectoryScanner.scan(cache.dir, cache.layout, cache.index);
    } catch (IOException | SecurityException e) {
      cache.health.reportFailure(
          e instanceof IOException io ? io : new IOException("cannot use " + cache.dir, e));
    }
    return cache;
  }

  /**
   * Reads {@code remote} through the cache, identifying it by path and length only. Takes ownership
   * of {@code remote}: closing the returned file closes it.
   *
   * @throws IllegalStateException if the cache is closed
   */
  public ReadableFile open(ReadableFile remote) {
    return open(remote, "");
  }

  /**
   * Reads {@code remote} through the cache, identifying it by path, length and a caller-provided
   * {@code version} (for instance a modification time or a content hash). Takes ownership of {@code
   * remote}.
   *
   * @throws IllegalStateException if the cache is closed
   */
  public ReadableFile open(ReadableFile remote, String version) {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(version, "version");
    checkOpen();
    FileIdentity identity = new FileIdentity(remote.path().toString(), remote.size(), version);
    index.dropStale(identity);
    return new CachedReadableFile(remote, identity, layout, readPath);
  }

  /**
   * Opens {@code path} of {@code view} for reads through the cache, identifying it by qualified
   * path, length and modification time.
   *
   * @throws FileNotFoundException naming the path if it does not exist
   * @throws IOException naming the path if the remote file system fails
   * @throws IllegalStateException if the cache is closed
   */
  public ReadableFile open(FileSystemView view, org.apache.hadoop.fs.Path path) throws IOException {
    checkOpen();
    FileSystem fs = view.hadoopFileSystem();
    org.apache.hadoop.fs.Path qualified = fs.makeQualified(path);
    FileStatus status;
    try {
      status = fs.getFileStatus(qualified);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("no such file: " + qualified);
    }
    ReadableFile remote = view.openRead(qualified);
    if (remote.size() != status.getLen()) {
      remote.close();
      throw new IOException(
          "file "
              + qualified
              + " changed while being opened: "
              + status.getLen()
              + " bytes, then "
              + remote.size());
    }
    return open(remote, Long.toString(status.getModificationTime()));
  }

  /**
   * Writes a new file to remote and to the cache at once; the file is keyed by path and final
   * length, matching {@link #open(ReadableFile)}. Takes ownership of {@code remote}.
   *
   * @throws IllegalStateException if the cache is closed
   */
  public WritableFile wrapForWrite(WritableFile remote) {
    return wrapForWrite(remote, "");
  }

  /**
   * As {@link #wrapForWrite(WritableFile)}, keyed by path, final length and {@code version},
   * matching {@link #open(ReadableFile, String)} with the same version.
   */
  public WritableFile wrapForWrite(WritableFile remote, String version) {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(version, "version");
    return writeThrough(remote, (p, length) -> new FileIdentity(p.toString(), length, version));
  }

  /**
   * Creates {@code path} in {@code view} (create-if-absent, as {@link FileSystemView#create}) and
   * writes it through the cache; after close the file is keyed by qualified path, length and
   * modification time, matching {@link #open(FileSystemView, org.apache.hadoop.fs.Path)}.
   *
   * @throws org.apache.hadoop.fs.FileAlreadyExistsException naming the path if it exists
   * @throws IOException naming the path if the remote file system fails
   * @throws IllegalStateException if the cache is closed
   */
  public WritableFile createWriteThrough(FileSystemView view, org.apache.hadoop.fs.Path path)
      throws IOException {
    checkOpen();
    FileSystem fs = view.hadoopFileSystem();
    org.apache.hadoop.fs.Path qualified = fs.makeQualified(path);
    WritableFile remote = view.create(qualified);
    return writeThrough(
        remote,
        (p, length) -> {
          FileStatus status = fs.getFileStatus(p);
          if (status.getLen() != length) {
            throw new IOException(
                "file " + p + " has " + status.getLen() + " bytes, " + length + " were written");
          }
          return new FileIdentity(
              p.toString(), length, Long.toString(status.getModificationTime()));
        });
  }

  private WritableFile writeThrough(
      WritableFile remote, WriteThroughFile.IdentityResolver resolver) {
    checkOpen();
    String remotePath = remote.path().toString();
    WriteThroughCopy copy = null;
    if (health.isEnabled()) {
      copy = WriteThroughCopy.start(dir, options.checksumChunkBytes(), layout, index, remotePath);
      if (copy == null) {
        stats.admissionsRejected.increment();
      }
    }
    return new WriteThroughFile(remote, copy, resolver, health, stats);
  }

  /**
   * Forgets every cached copy of {@code remotePath} (call it when the remote file is deleted), and
   * makes copies still being loaded or written for it be thrown away instead of published.
   */
  public void invalidate(org.apache.hadoop.fs.Path remotePath) {
    Objects.requireNonNull(remotePath, "remotePath");
    index.invalidate(remotePath.toString());
  }

  /** A snapshot of the counters and current occupancy. */
  public FileCacheStats stats() {
    return new FileCacheStats(
        stats.hits.sum(),
        stats.misses.sum(),
        stats.bytesReadLocal.sum(),
        stats.bytesReadRemote.sum(),
        stats.admissions.sum(),
        stats.admissionsRejected.sum(),
        stats.evictions.sum(),
        stats.corruptionsDetected.sum(),
        stats.fallbacks.sum(),
        stats.reenabled.sum(),
        index.usedBytes(),
        capacityBytes,
        index.entryCount(),
        health.enabledNow() && !closed);
  }

  /** The local directory. */
  public Path directory() {
    return dir;
  }

  /** For tests: the read path (and through it, the pool of open entry files). */
  SegmentReadPath readPath() {
    return readPath;
  }

  /** Test hook: called with the budget bytes in use after every admission. */
  void onAdmission(LongConsumer listener) {
    index.setAdmissionListener(listener);
  }

  /** For tests: background loads queued or running now. */
  int loadsInFlight() {
    return readPath.loader().loadsInFlight();
  }

  /** For tests: whether background loads were told to stop (the first step of {@link #close}). */
  boolean loadsStopped() {
    return readPath.loader().isClosed();
  }

  /**
   * Stops using the local disk: files opened through the cache keep working, reading from remote.
   * Background loads under way are stopped and waited for, so nothing is written to the directory
   * once this returns. Entries stay on disk for the next instance. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    readPath.close();
    if (ownedLoadPool != null) {
      ownedLoadPool.shutdown();
    }
  }

  /** Daemon threads named after what they do: a load never keeps a process alive. */
  private static ThreadFactory loadThreads() {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, "sediment-file-cache-load-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("file cache already closed: " + dir);
    }
  }

  @Override
  public String toString() {
    return "LocalFileCache[" + dir + ", " + capacityBytes + " bytes, " + options + "]";
  }
}
