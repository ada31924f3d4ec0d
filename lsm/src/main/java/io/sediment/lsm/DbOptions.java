package io.sediment.lsm;

import io.sediment.cache.BlockCache;
import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.LocalFileCache;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;

/**
 * What a store is opened with: its directory, its {@link DbSettings} (plain values: sizes, counts,
 * switches, compression) and the components it uses (file-system configuration, merge function,
 * compaction filter, shared block cache, shared local-disk file cache, compaction service, read
 * executor, clocks). Immutable; built with {@link #builder(String)}, which validates every value
 * and names the offending one in an {@link IllegalArgumentException}. The builder's setters of
 * plain values change its {@link DbSettings}; {@link Builder#settings} sets them all at once.
 *
 * <p>Reads go through two optional tiers before the store's file system (see docs/caching.md): the
 * memory block cache ({@link Builder#blockCacheBytes} or a shared {@link Builder#blockCache}) and
 * the local-disk file cache ({@link Builder#fileCacheDirectory} with {@link
 * Builder#fileCacheBytes}, or a shared {@link Builder#fileCache}). The file cache is only used when
 * the store's home is not the local file system (a {@code file:} path, which is already local),
 * unless {@link Builder#fileCacheForLocalFs} forces it on, as tests and benchmarks do with the
 * latency-injecting {@code latency+file://} scheme to simulate remote storage.
 */
public final class DbOptions {

  private final String dirUri;
  private final DbSettings settings;
  private final Configuration hadoopConfiguration;
  private final MergeFunction mergeFunction;
  private final CompactionFilter compactionFilter;
  private final BlockCache blockCache;
  private final LocalFileCache fileCache;
  private final Clock fileCacheClock;
  private final CompactionService compactionService;
  private final Executor readExecutor;
  private final LongSupplier nanoClock;
  private final KeyGroupRange keyGroups;
  private final int maxParallelism;

  private DbOptions(Builder b, DbSettings settings) {
    dirUri = b.dirUri;
    this.settings = settings;
    hadoopConfiguration = b.hadoopConfiguration;
    mergeFunction = b.mergeFunction;
    compactionFilter = b.compactionFilter;
    blockCache = b.blockCache;
    fileCache = b.fileCache;
    fileCacheClock = b.fileCacheClock;
    compactionService = b.compactionService;
    readExecutor = b.readExecutor;
    nanoClock = b.nanoClock;
    keyGroups = b.keyGroups;
    maxParallelism = b.maxParallelism;
  }

  /**
   * Starts options for the store in {@code dirUri}, any Hadoop file-system URI ({@code
   * file:///...}, {@code hdfs://nn:port/...}), or a plain local path without a scheme ({@code
   * /tmp/db}, or {@code data/db} relative to the working directory), which means that directory on
   * the local file system; with {@link DbSettings#defaults()} and no components.
   *
   * @throws IllegalArgumentException if the URI is null or blank
   */
  public static Builder builder(String dirUri) {
    return new Builder(dirUri);
  }

  /** A copy of these options as a builder, to change some values. */
  public Builder toBuilder() {
    Builder b = new Builder(dirUri);
    b.settings = settings.toBuilder();
    b.hadoopConfiguration = hadoopConfiguration;
    b.mergeFunction = mergeFunction;
    b.compactionFilter = compactionFilter;
    b.blockCache = blockCache;
    b.fileCache = fileCache;
    b.fileCacheClock = fileCacheClock;
    b.compactionService = compactionService;
    b.readExecutor = readExecutor;
    b.nanoClock = nanoClock;
    b.keyGroups = keyGroups;
    b.maxParallelism = maxParallelism;
    return b;
  }

  /** The store's directory, a Hadoop file-system URI. */
  public String dirUri() {
    return dirUri;
  }

  /** The plain-value settings of the store. */
  public DbSettings settings() {
    return settings;
  }

  /** Compression of new files at {@code level}: {@code settings().compression(level)}. */
  public Compression compression(int level) {
    return settings.compression(level);
  }

  /** Hadoop configuration, or null for a default one. */
  public Configuration hadoopConfiguration() {
    return hadoopConfiguration;
  }

  /** The merge function, or null when the store has none. */
  public MergeFunction mergeFunction() {
    return mergeFunction;
  }

  /** The compaction filter, or null. */
  public CompactionFilter compactionFilter() {
    return compactionFilter;
  }

  /** A shared block cache, or null to create one of {@link DbSettings#blockCacheBytes()}. */
  public BlockCache blockCache() {
    return blockCache;
  }

  /** A shared local-disk file cache, or null. */
  public LocalFileCache fileCache() {
    return fileCache;
  }

  /** Clock of a file cache the store creates: paces re-probing a failed cache directory. */
  public Clock fileCacheClock() {
    return fileCacheClock;
  }

  /** The compaction service, or null for a store-owned local pool. */
  public CompactionService compactionService() {
    return compactionService;
  }

  /**
   * Executor of {@code getAsync} and of {@code multiGet}'s parallel lookups, or null for a
   * store-owned pool of {@link DbSettings#readThreads()} threads.
   */
  public Executor readExecutor() {
    return readExecutor;
  }

  /** Monotonic nanosecond clock used for durations (stall time). */
  public LongSupplier nanoClock() {
    return nanoClock;
  }

  /**
   * The key groups every key of the store belongs to (see {@link Builder#keyGroups}), or null when
   * the store declares none.
   */
  public KeyGroupRange keyGroups() {
    return keyGroups;
  }

  /**
   * The maximum parallelism the key-group prefix is sized for; 0 when no key groups are declared.
   */
  public int maxParallelism() {
    return maxParallelism;
  }

  /** The directory, the settings' text, and the shared components that are set. */
  @Override
  public String toString() {
    return "DbOptions["
        + dirUri
        + ", "
        + settings
        + (blockCache != null ? ", blockCache=" + blockCache : "")
        + (fileCache != null ? ", fileCache=" + fileCache : "")
        + (mergeFunction != null ? ", mergeFunction=" + mergeFunction.name() : "")
        + "]";
  }

  /**
   * Builder of {@link DbOptions}. Setters of plain values change the {@link DbSettings} being built
   * and check their value as {@link DbSettings.Builder} does; component setters reject null.
   */
  public static final class Builder {
    private final String dirUri;
    private DbSettings.Builder settings = DbSettings.builder();
    private Configuration hadoopConfiguration;
    private MergeFunction mergeFunction;
    private CompactionFilter compactionFilter;
    private BlockCache blockCache;
    private LocalFileCache fileCache;
    private Clock fileCacheClock = Clock.systemUTC();
    private CompactionService compactionService;
    private Executor readExecutor;
    private LongSupplier nanoClock = System::nanoTime;
    private KeyGroupRange keyGroups;
    private int maxParallelism;

    private Builder(String dirUri) {
      if (dirUri == null || dirUri.isBlank()) {
        throw new IllegalArgumentException("dirUri must not be empty: '" + dirUri + "'");
      }
      this.dirUri = dirUri;
    }

    /**
     * Replaces every plain-value setting by {@code settings}; setters called afterwards change
     * single values of it.
     */
    public Builder settings(DbSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings").toBuilder();
      return this;
    }

    public Builder hadoopConfiguration(Configuration conf) {
      this.hadoopConfiguration = Objects.requireNonNull(conf, "hadoopConfiguration");
      return this;
    }

    /** The merge function; recorded by name in the manifest (reopening with another is refused). */
    public Builder mergeFunction(MergeFunction f) {
      Objects.requireNonNull(f, "mergeFunction");
      if (f.name() == null || f.name().isEmpty()) {
        throw new IllegalArgumentException("mergeFunction name must not be empty: " + f);
      }
      this.mergeFunction = f;
      return this;
    }

    public Builder compactionFilter(CompactionFilter f) {
      this.compactionFilter = Objects.requireNonNull(f, "compactionFilter");
      return this;
    }

    /** See {@link DbSettings.Builder#compression(Compression)} (default LZ4). */
    public Builder compression(Compression c) {
      settings.compression(c);
      return this;
    }

    /** See {@link DbSettings.Builder#compression(int, Compression)}. */
    public Builder compression(int level, Compression c) {
      settings.compression(level, c);
      return this;
    }

    /** See {@link DbSettings.Builder#memtableBytes} (default 64 MiB). */
    public Builder memtableBytes(long bytes) {
      settings.memtableBytes(bytes);
      return this;
    }

    /** See {@link DbSettings.Builder#blockSize} (default 4 KiB). */
    public Builder blockSize(int bytes) {
      settings.blockSize(bytes);
      return this;
    }

    /** See {@link DbSettings.Builder#bloomBitsPerKey} (default 10). */
    public Builder bloomBitsPerKey(int bits) {
      settings.bloomBitsPerKey(bits);
      return this;
    }

    /** See {@link DbSettings.Builder#l0CompactionTrigger} (default 4). */
    public Builder l0CompactionTrigger(int files) {
      settings.l0CompactionTrigger(files);
      return this;
    }

    /** See {@link DbSettings.Builder#l0StopWritesTrigger} (default 20). */
    public Builder l0StopWritesTrigger(int files) {
      settings.l0StopWritesTrigger(files);
      return this;
    }

    /** See {@link DbSettings.Builder#maxImmutableMemtables} (default 2). */
    public Builder maxImmutableMemtables(int count) {
      settings.maxImmutableMemtables(count);
      return this;
    }

    /** See {@link DbSettings.Builder#targetFileSizeBytes} (default 64 MiB). */
    public Builder targetFileSizeBytes(long bytes) {
      settings.targetFileSizeBytes(bytes);
      return this;
    }

    /** See {@link DbSettings.Builder#maxBytesForLevelBase} (default 256 MiB). */
    public Builder maxBytesForLevelBase(long bytes) {
      settings.maxBytesForLevelBase(bytes);
      return this;
    }

    /** See {@link DbSettings.Builder#maxBackgroundCompactions} (default 2). */
    public Builder maxBackgroundCompactions(int jobs) {
      settings.maxBackgroundCompactions(jobs);
      return this;
    }

    /** See {@link DbSettings.Builder#blockCacheBytes} (default 64 MiB; 0: no cache). */
    public Builder blockCacheBytes(long bytes) {
      settings.blockCacheBytes(bytes);
      return this;
    }

    /** A block cache shared with other stores; the store never closes it. */
    public Builder blockCache(BlockCache cache) {
      this.blockCache = Objects.requireNonNull(cache, "blockCache");
      return this;
    }

    /**
     * See {@link DbSettings.Builder#fileCacheDirectory}. Two open caches must not share a
     * directory: give each store its own, or share one {@link #fileCache}.
     */
    public Builder fileCacheDirectory(Path dir) {
      settings.fileCacheDirectory(Objects.requireNonNull(dir, "fileCacheDirectory"));
      return this;
    }

    /**
     * See {@link DbSettings.Builder#fileCacheBytes}.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Builder fileCacheBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("fileCacheBytes must be positive: " + bytes);
      }
      settings.fileCacheBytes(bytes);
      return this;
    }

    /** See {@link DbSettings.Builder#fileCacheOptions}. */
    public Builder fileCacheOptions(FileCacheOptions options) {
      settings.fileCacheOptions(options);
      return this;
    }

    /**
     * A local-disk file cache shared with other stores of the process; the store never closes it.
     * Excludes {@link #fileCacheDirectory}.
     */
    public Builder fileCache(LocalFileCache cache) {
      this.fileCache = Objects.requireNonNull(cache, "fileCache");
      return this;
    }

    /** See {@link DbSettings.Builder#fileCacheForLocalFs} (default off). */
    public Builder fileCacheForLocalFs(boolean enabled) {
      settings.fileCacheForLocalFs(enabled);
      return this;
    }

    /** Clock of a file cache the store creates (default {@link Clock#systemUTC()}). */
    public Builder fileCacheClock(Clock clock) {
      this.fileCacheClock = Objects.requireNonNull(clock, "fileCacheClock");
      return this;
    }

    /** See {@link DbSettings.Builder#walEnabled} (default off). */
    public Builder walEnabled(boolean enabled) {
      settings.walEnabled(enabled);
      return this;
    }

    /** Where compactions run; the store never closes a service it is given. */
    public Builder compactionService(CompactionService service) {
      this.compactionService = Objects.requireNonNull(service, "compactionService");
      return this;
    }

    /**
     * Executor of {@code getAsync} and of {@code multiGet}'s parallel lookups; the store never
     * shuts down an executor it is given. Lookups block on the file system when they miss the
     * caches, so it needs as many threads as reads should overlap.
     */
    public Builder readExecutor(Executor executor) {
      this.readExecutor = Objects.requireNonNull(executor, "readExecutor");
      return this;
    }

    /**
     * See {@link DbSettings.Builder#readThreads} (default {@value
     * DbSettings#DEFAULT_READ_THREADS}). Threads are started on demand and stop after a while
     * without work.
     *
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public Builder readThreads(int threads) {
      settings.readThreads(threads);
      return this;
    }

    /** Monotonic nanosecond clock for durations (default {@code System::nanoTime}). */
    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = Objects.requireNonNull(clock, "nanoClock");
      return this;
    }

    /**
     * Declares that every key of the store starts with the key-group prefix of {@code
     * KeyGroupPrefix.forMaxParallelism(maxParallelism)} and that its key group lies in {@code
     * range}. Writes of other keys are refused with an {@link IllegalArgumentException}; the
     * declaration is recorded in the manifest, and reopening with another one is refused (see
     * docs/rescale.md).
     *
     * @throws IllegalArgumentException if the range is null or empty, maxParallelism is outside
     *     {@code [1, 32768]}, or the range reaches past key group {@code maxParallelism - 1}
     */
    public Builder keyGroups(KeyGroupRange range, int maxParallelism) {
      if (range == null || range.isEmpty()) {
        throw new IllegalArgumentException("key-group range must not be null or empty: " + range);
      }
      KeyGroups.checkMaxParallelism(maxParallelism);
      if (range.end() >= maxParallelism) {
        throw new IllegalArgumentException(
            range
                + " reaches past the last key group "
                + (maxParallelism - 1)
                + " of maxParallelism "
                + maxParallelism);
      }
      this.keyGroups = range;
      this.maxParallelism = maxParallelism;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the values that do not fit together: those {@link
     *     DbSettings.Builder#build()} names, and a file-cache directory set together with a shared
     *     file cache
     */
    public DbOptions build() {
      DbSettings built = settings.build();
      if (fileCache != null && built.fileCacheDirectory() != null) {
        throw new IllegalArgumentException(
            "fileCacheDirectory "
                + built.fileCacheDirectory()
                + " conflicts with the shared fileCache "
                + fileCache
                + ": set one of them");
      }
      return new DbOptions(this, built);
    }
  }
}
