package io.sediment.lsm;

import io.sediment.cache.BlockCache;
import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.LocalFileCache;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.internal.version.Version;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;

/**
 * Settings of a store: plain values, plus the components it uses (file-system configuration, merge
 * function, compaction filter, block cache, local-disk file cache, compaction service, executor,
 * clocks). Immutable; built with {@link #builder(String)}, which validates every value and names
 * the offending one in an {@link IllegalArgumentException}.
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

  /**
   * Default bound of the store-owned read pool: enough lookups waiting on remote storage at once to
   * hide its latency (a stream task keeps tens to hundreds of state reads in flight).
   */
  public static final int DEFAULT_READ_THREADS = 64;

  private final String dirUri;
  private final Configuration hadoopConfiguration;
  private final MergeFunction mergeFunction;
  private final CompactionFilter compactionFilter;
  private final Compression[] levelCompression;
  private final long memtableBytes;
  private final int blockSize;
  private final int bloomBitsPerKey;
  private final int l0CompactionTrigger;
  private final int l0StopWritesTrigger;
  private final int maxImmutableMemtables;
  private final long targetFileSizeBytes;
  private final long maxBytesForLevelBase;
  private final int maxBackgroundCompactions;
  private final long blockCacheBytes;
  private final BlockCache blockCache;
  private final Path fileCacheDirectory;
  private final long fileCacheBytes;
  private final FileCacheOptions fileCacheOptions;
  private final LocalFileCache fileCache;
  private final boolean fileCacheForLocalFs;
  private final Clock fileCacheClock;
  private final boolean walEnabled;
  private final CompactionService compactionService;
  private final CompactionPicker compactionPicker;
  private final Executor readExecutor;
  private final int readThreads;
  private final LongSupplier nanoClock;
  private final KeyGroupRange keyGroups;
  private final int maxParallelism;

  private DbOptions(Builder b) {
    dirUri = b.dirUri;
    hadoopConfiguration = b.hadoopConfiguration;
    mergeFunction = b.mergeFunction;
    compactionFilter = b.compactionFilter;
    levelCompression = b.levelCompression.clone();
    memtableBytes = b.memtableBytes;
    blockSize = b.blockSize;
    bloomBitsPerKey = b.bloomBitsPerKey;
    l0CompactionTrigger = b.l0CompactionTrigger;
    l0StopWritesTrigger = b.l0StopWritesTrigger;
    maxImmutableMemtables = b.maxImmutableMemtables;
    targetFileSizeBytes = b.targetFileSizeBytes;
    maxBytesForLevelBase = b.maxBytesForLevelBase;
    maxBackgroundCompactions = b.maxBackgroundCompactions;
    blockCacheBytes = b.blockCacheBytes;
    blockCache = b.blockCache;
    fileCacheDirectory = b.fileCacheDirectory;
    fileCacheBytes = b.fileCacheBytes;
    fileCacheOptions = b.fileCacheOptions;
    fileCache = b.fileCache;
    fileCacheForLocalFs = b.fileCacheForLocalFs;
    fileCacheClock = b.fileCacheClock;
    walEnabled = b.walEnabled;
    compactionService = b.compactionService;
    compactionPicker = b.compactionPicker;
    readExecutor = b.readExecutor;
    readThreads = b.readThreads;
    nanoClock = b.nanoClock;
    keyGroups = b.keyGroups;
    maxParallelism = b.maxParallelism;
  }

  /**
   * Starts options for the store in {@code dirUri}, any Hadoop file-system URI ({@code
   * file:///...}, {@code hdfs://nn:port/...}).
   *
   * @throws IllegalArgumentException if the URI is null or blank
   */
  public static Builder builder(String dirUri) {
    return new Builder(dirUri);
  }

  /** A copy of these options as a builder, to change some values. */
  public Builder toBuilder() {
    Builder b = new Builder(dirUri);
    b.hadoopConfiguration = hadoopConfiguration;
    b.mergeFunction = mergeFunction;
    b.compactionFilter = compactionFilter;
    b.levelCompression = levelCompression.clone();
    b.memtableBytes = memtableBytes;
    b.blockSize = blockSize;
    b.bloomBitsPerKey = bloomBitsPerKey;
    b.l0CompactionTrigger = l0CompactionTrigger;
    b.l0StopWritesTrigger = l0StopWritesTrigger;
    b.maxImmutableMemtables = maxImmutableMemtables;
    b.targetFileSizeBytes = targetFileSizeBytes;
    b.maxBytesForLevelBase = maxBytesForLevelBase;
    b.maxBackgroundCompactions = maxBackgroundCompactions;
    b.blockCacheBytes = blockCacheBytes;
    b.blockCache = blockCache;
    b.fileCacheDirectory = fileCacheDirectory;
    b.fileCacheBytes = fileCacheBytes;
    b.fileCacheOptions = fileCacheOptions;
    b.fileCache = fileCache;
    b.fileCacheForLocalFs = fileCacheForLocalFs;
    b.fileCacheClock = fileCacheClock;
    b.walEnabled = walEnabled;
    b.compactionService = compactionService;
    b.compactionPicker = compactionPicker;
    b.readExecutor = readExecutor;
    b.readThreads = readThreads;
    b.nanoClock = nanoClock;
    b.keyGroups = keyGroups;
    b.maxParallelism = maxParallelism;
    return b;
  }

  public String dirUri() {
    return dirUri;
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

  /** Compression of new files at {@code level}. */
  public Compression compression(int level) {
    return levelCompression[level];
  }

  public long memtableBytes() {
    return memtableBytes;
  }

  public int blockSize() {
    return blockSize;
  }

  public int bloomBitsPerKey() {
    return bloomBitsPerKey;
  }

  public int l0CompactionTrigger() {
    return l0CompactionTrigger;
  }

  public int l0StopWritesTrigger() {
    return l0StopWritesTrigger;
  }

  public int maxImmutableMemtables() {
    return maxImmutableMemtables;
  }

  public long targetFileSizeBytes() {
    return targetFileSizeBytes;
  }

  public long maxBytesForLevelBase() {
    return maxBytesForLevelBase;
  }

  public int maxBackgroundCompactions() {
    return maxBackgroundCompactions;
  }

  /** Capacity of the block cache the store creates (0: none), when none is shared. */
  public long blockCacheBytes() {
    return blockCacheBytes;
  }

  /** A shared block cache, or null to create one of {@link #blockCacheBytes()}. */
  public BlockCache blockCache() {
    return blockCache;
  }

  /** Directory of a local-disk file cache the store creates, or null when it creates none. */
  public Path fileCacheDirectory() {
    return fileCacheDirectory;
  }

  /** Budget of a file cache the store creates (0 when it creates none). */
  public long fileCacheBytes() {
    return fileCacheBytes;
  }

  /** Settings of a file cache the store creates. */
  public FileCacheOptions fileCacheOptions() {
    return fileCacheOptions;
  }

  /** A shared local-disk file cache, or null. */
  public LocalFileCache fileCache() {
    return fileCache;
  }

  /** Whether the file cache is used even though the store's home is on the local file system. */
  public boolean fileCacheForLocalFs() {
    return fileCacheForLocalFs;
  }

  /** Clock of a file cache the store creates: paces re-probing a failed cache directory. */
  public Clock fileCacheClock() {
    return fileCacheClock;
  }

  public boolean walEnabled() {
    return walEnabled;
  }

  /** The compaction service, or null for a store-owned local pool of one thread. */
  public CompactionService compactionService() {
    return compactionService;
  }

  /** The compaction picker, or null for the leveled picker built from these options. */
  public CompactionPicker compactionPicker() {
    return compactionPicker;
  }

  /**
   * Executor of {@code getAsync} and of {@code multiGet}'s parallel lookups, or null for a
   * store-owned pool of {@link #readThreads()} threads.
   */
  public Executor readExecutor() {
    return readExecutor;
  }

  /** Most threads of the store-owned read pool (unused with a given {@link #readExecutor()}). */
  public int readThreads() {
    return readThreads;
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

  @Override
  public String toString() {
    return "DbOptions["
        + dirUri
        + ", memtableBytes="
        + memtableBytes
        + ", compression="
        + Arrays.toString(levelCompression)
        + ", wal="
        + walEnabled
        + ", blockCache="
        + (blockCache != null ? blockCache : blockCacheBytes + " bytes")
        + ", fileCache="
        + (fileCache != null
            ? fileCache
            : fileCacheDirectory == null ? "none" : fileCacheDirectory + " " + fileCacheBytes)
        + (fileCacheForLocalFs ? " (also on local fs)" : "")
        + "]";
  }

  /** Builder of {@link DbOptions}; every setter validates its value. */
  public static final class Builder {
    private final String dirUri;
    private Configuration hadoopConfiguration;
    private MergeFunction mergeFunction;
    private CompactionFilter compactionFilter;
    private Compression[] levelCompression = filled(Compression.LZ4);
    private long memtableBytes = 64L << 20;
    private int blockSize = 4096;
    private int bloomBitsPerKey = 10;
    private int l0CompactionTrigger = 4;
    private int l0StopWritesTrigger = 20;
    private int maxImmutableMemtables = 2;
    private long targetFileSizeBytes = 64L << 20;
    private long maxBytesForLevelBase = 256L << 20;
    private int maxBackgroundCompactions = 2;
    private long blockCacheBytes = 64L << 20;
    private BlockCache blockCache;
    private Path fileCacheDirectory;
    private long fileCacheBytes;
    private FileCacheOptions fileCacheOptions = FileCacheOptions.defaults();
    private LocalFileCache fileCache;
    private boolean fileCacheForLocalFs;
    private Clock fileCacheClock = Clock.systemUTC();
    private boolean walEnabled;
    private CompactionService compactionService;
    private CompactionPicker compactionPicker;
    private Executor readExecutor;
    private int readThreads = DEFAULT_READ_THREADS;
    private LongSupplier nanoClock = System::nanoTime;
    private KeyGroupRange keyGroups;
    private int maxParallelism;

    private Builder(String dirUri) {
      if (dirUri == null || dirUri.isBlank()) {
        throw new IllegalArgumentException("dirUri must not be empty: '" + dirUri + "'");
      }
      this.dirUri = dirUri;
    }

    private static Compression[] filled(Compression c) {
      Compression[] a = new Compression[Version.NUM_LEVELS];
      Arrays.fill(a, c);
      return a;
    }

    private static long positive(String name, long value, long min, long max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be in [" + min + ", " + max + "]: " + value);
      }
      return value;
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

    /** Compression of new files at every level (default LZ4). */
    public Builder compression(Compression c) {
      this.levelCompression = filled(Objects.requireNonNull(c, "compression"));
      return this;
    }

    /** Compression of new files at one level. */
    public Builder compression(int level, Compression c) {
      positive("compression level", level, 0, Version.NUM_LEVELS - 1);
      this.levelCompression[level] = Objects.requireNonNull(c, "compression");
      return this;
    }

    /** Bytes of the active memtable before it is switched and flushed (default 64 MiB). */
    public Builder memtableBytes(long bytes) {
      this.memtableBytes = positive("memtableBytes", bytes, 1024, 1L << 31);
      return this;
    }

    /** Target uncompressed size of an SST data block (default 4 KiB). */
    public Builder blockSize(int bytes) {
      this.blockSize = (int) positive("blockSize", bytes, 256, 16 << 20);
      return this;
    }

    /** Bloom filter bits per key (default 10; 0 disables the filter). */
    public Builder bloomBitsPerKey(int bits) {
      this.bloomBitsPerKey = (int) positive("bloomBitsPerKey", bits, 0, 64);
      return this;
    }

    /** Level-0 file count that triggers a compaction (default 4). */
    public Builder l0CompactionTrigger(int files) {
      this.l0CompactionTrigger = (int) positive("l0CompactionTrigger", files, 1, 1000);
      return this;
    }

    /** Level-0 file count at which writes stall until compaction catches up (default 20). */
    public Builder l0StopWritesTrigger(int files) {
      this.l0StopWritesTrigger = (int) positive("l0StopWritesTrigger", files, 1, 10_000);
      return this;
    }

    /** Immutable memtables waiting for flush before writes stall (default 2). */
    public Builder maxImmutableMemtables(int count) {
      this.maxImmutableMemtables = (int) positive("maxImmutableMemtables", count, 1, 64);
      return this;
    }

    /** Size at which compaction outputs are cut (default 64 MiB). */
    public Builder targetFileSizeBytes(long bytes) {
      this.targetFileSizeBytes = positive("targetFileSizeBytes", bytes, 1024, 1L << 40);
      return this;
    }

    /**
     * Upper bound of the size target of the base level, the level that level 0 is compacted into
     * (default 256 MiB). Targets are computed down from the largest level, each level a tenth of
     * the one below, and the base level is the highest one whose target stays above a tenth of this
     * bound; see docs/architecture.md.
     */
    public Builder maxBytesForLevelBase(long bytes) {
      this.maxBytesForLevelBase = positive("maxBytesForLevelBase", bytes, 1024, 1L << 50);
      return this;
    }

    /**
     * Most compactions running at once (default 2). One runs normally; more only while level 0
     * holds at least {@code min(2 * l0CompactionTrigger, l0CompactionTrigger + (l0StopWritesTrigger
     * - l0CompactionTrigger) / 4)} files, and only on inputs and key ranges that do not conflict. A
     * store that creates its own compaction pool sizes it to this.
     */
    public Builder maxBackgroundCompactions(int jobs) {
      this.maxBackgroundCompactions = (int) positive("maxBackgroundCompactions", jobs, 1, 64);
      return this;
    }

    /** Capacity of a block cache the store creates for itself (default 64 MiB; 0: no cache). */
    public Builder blockCacheBytes(long bytes) {
      this.blockCacheBytes = positive("blockCacheBytes", bytes, 0, 1L << 50);
      return this;
    }

    /** A block cache shared with other stores; the store never closes it. */
    public Builder blockCache(BlockCache cache) {
      this.blockCache = Objects.requireNonNull(cache, "blockCache");
      return this;
    }

    /**
     * Directory of a local-disk file cache the store creates for itself (with {@link
     * #fileCacheBytes}); closed with the store, its contents kept for the next open. Two open
     * caches must not share a directory: give each store its own, or share one {@link #fileCache}.
     */
    public Builder fileCacheDirectory(Path dir) {
      this.fileCacheDirectory = Objects.requireNonNull(dir, "fileCacheDirectory");
      return this;
    }

    /**
     * Byte budget of the file cache the store creates: a hard bound on the bytes it keeps on disk.
     */
    public Builder fileCacheBytes(long bytes) {
      this.fileCacheBytes = positive("fileCacheBytes", bytes, 1, 1L << 50);
      return this;
    }

    /** Settings of the file cache the store creates (default {@link FileCacheOptions#defaults}). */
    public Builder fileCacheOptions(FileCacheOptions options) {
      this.fileCacheOptions = Objects.requireNonNull(options, "fileCacheOptions");
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

    /**
     * Uses the file cache even when the store's home is a {@code file:} path (default off: a local
     * file needs no local copy). For tests and benchmarks on {@code latency+file://}.
     */
    public Builder fileCacheForLocalFs(boolean enabled) {
      this.fileCacheForLocalFs = enabled;
      return this;
    }

    /** Clock of a file cache the store creates (default {@link Clock#systemUTC()}). */
    public Builder fileCacheClock(Clock clock) {
      this.fileCacheClock = Objects.requireNonNull(clock, "fileCacheClock");
      return this;
    }

    /**
     * Whether writes go to a write-ahead log, synced before they are acknowledged (default off).
     */
    public Builder walEnabled(boolean enabled) {
      this.walEnabled = enabled;
      return this;
    }

    /** Where compactions run; the store never closes a service it is given. */
    public Builder compactionService(CompactionService service) {
      this.compactionService = Objects.requireNonNull(service, "compactionService");
      return this;
    }

    /** Replaces the leveled picker. */
    public Builder compactionPicker(CompactionPicker picker) {
      this.compactionPicker = Objects.requireNonNull(picker, "compactionPicker");
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
     * Most threads of the read pool the store creates when no {@link #readExecutor} is given
     * (default {@value DbOptions#DEFAULT_READ_THREADS}): how many lookups of {@code getAsync} and
     * {@code multiGet} may wait on the file system at once. Threads are started on demand and stop
     * after a while without work.
     *
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public Builder readThreads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("readThreads must be positive: " + threads);
      }
      this.readThreads = threads;
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
     * @throws IllegalArgumentException naming the values that do not fit together (stall and
     *     compaction triggers; a file-cache directory without a budget or the reverse; both a
     *     file-cache directory and a shared file cache)
     */
    public DbOptions build() {
      if (l0StopWritesTrigger < l0CompactionTrigger) {
        throw new IllegalArgumentException(
            "l0StopWritesTrigger "
                + l0StopWritesTrigger
                + " must be at least l0CompactionTrigger "
                + l0CompactionTrigger);
      }
      if (fileCache != null && fileCacheDirectory != null) {
        throw new IllegalArgumentException(
            "fileCacheDirectory "
                + fileCacheDirectory
                + " conflicts with the shared fileCache "
                + fileCache
                + ": set one of them");
      }
      if ((fileCacheDirectory == null) != (fileCacheBytes == 0)) {
        throw new IllegalArgumentException(
            "fileCacheDirectory ("
                + fileCacheDirectory
                + ") and fileCacheBytes ("
                + fileCacheBytes
                + ") must be set together");
      }
      return new DbOptions(this);
    }
  }
}
