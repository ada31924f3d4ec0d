package io.sediment.lsm;

import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.Granularity;
import io.sediment.lsm.internal.version.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of a store that are plain values: sizes, counts, switches, compression. Immutable,
 * comparable ({@link #equals}, {@link #hashCode}), printable and parseable, so that a set of
 * settings can be logged, compared, stored in a benchmark's parameters or a fuzz failure's log, and
 * sent to another process as text. The components a store uses (file-system configuration, merge
 * function, caches shared with other stores, compaction service, executors, clocks) are not
 * settings: they are given to {@link DbOptions} separately.
 *
 * <p>Start from {@link #defaults()} or {@link #parse(String)}, change values with {@link
 * #toBuilder()}. Every value is checked when it is set, and the values that must fit together when
 * the settings are built; both throw an {@link IllegalArgumentException} naming the values.
 *
 * <h2>Text form</h2>
 *
 * {@link #toString()} writes every setting, in a fixed order (the order of {@link #keys()}), as
 * {@code key=value} pairs separated by commas, on one line:
 *
 * <pre>{@code
 * compression=LZ4,memtableBytes=67108864,maxImmutableMemtables=2,blockSize=4096,...
 * }</pre>
 *
 * Writing every key, not only those that differ from the defaults, keeps a printed text meaning the
 * same settings after a default changes. {@link #parse(String)} reads that text back to equal
 * settings, and accepts any subset of the keys in any order (a missing key keeps its default), so
 * {@code "memtableBytes=1048576,walEnabled=true"} is a complete text too. Sizes are plain numbers
 * of bytes; {@code compression} is one algorithm for every level, or one per level separated by
 * {@code :} from level 0 down; durations are ISO-8601 ({@code PT30S}); an optional value that is
 * unset is an empty value ({@code fileCacheDirectory=}). Characters that would break the line or
 * the split ({@code % , =}, whitespace, control characters) are written as {@code %XX}, one per
 * UTF-8 byte. docs/operations.md lists every key with its default.
 */
public final class DbSettings {

  /**
   * Default bound of the store-owned read pool: enough lookups waiting on remote storage at once to
   * hide its latency (a stream task keeps tens to hundreds of state reads in flight).
   */
  public static final int DEFAULT_READ_THREADS = 64;

  private static final List<SettingKey<?>> KEYS = new ArrayList<>();

  private static final SettingKey<List<Compression>> COMPRESSION =
      register(
          new SettingKey<>(
              "compression",
              Collections.nCopies(Version.NUM_LEVELS, Compression.LZ4),
              false,
              DbSettings::parseCompression,
              DbSettings::formatCompression,
              levels -> {}));
  private static final SettingKey<Long> MEMTABLE_BYTES =
      register(SettingKey.longKey("memtableBytes", 64L << 20, 1024, 1L << 31));
  private static final SettingKey<Integer> MAX_IMMUTABLE_MEMTABLES =
      register(SettingKey.intKey("maxImmutableMemtables", 2, 1, 64));
  private static final SettingKey<Integer> BLOCK_SIZE =
      register(SettingKey.intKey("blockSize", 4096, 256, 16 << 20));
  private static final SettingKey<Integer> BLOOM_BITS_PER_KEY =
      register(SettingKey.intKey("bloomBitsPerKey", 10, 0, 64));
  private static final SettingKey<Integer> L0_COMPACTION_TRIGGER =
      register(SettingKey.intKey("l0CompactionTrigger", 4, 1, 1000));
  private static final SettingKey<Integer> L0_STOP_WRITES_TRIGGER =
      register(SettingKey.intKey("l0StopWritesTrigger", 20, 1, 10_000));
  private static final SettingKey<Long> TARGET_FILE_SIZE_BYTES =
      register(SettingKey.longKey("targetFileSizeBytes", 64L << 20, 1024, 1L << 40));
  private static final SettingKey<Long> MAX_BYTES_FOR_LEVEL_BASE =
      register(SettingKey.longKey("maxBytesForLevelBase", 256L << 20, 1024, 1L << 50));
  private static final SettingKey<Integer> MAX_BACKGROUND_COMPACTIONS =
      register(SettingKey.intKey("maxBackgroundCompactions", 2, 1, 64));
  private static final SettingKey<Long> BLOCK_CACHE_BYTES =
      register(SettingKey.longKey("blockCacheBytes", 64L << 20, 0, 1L << 50));
  private static final SettingKey<Path> FILE_CACHE_DIRECTORY =
      register(SettingKey.pathKey("fileCacheDirectory"));
  private static final SettingKey<Long> FILE_CACHE_BYTES =
      register(SettingKey.longKey("fileCacheBytes", 0, 0, 1L << 50));
  private static final SettingKey<Boolean> FILE_CACHE_FOR_LOCAL_FS =
      register(SettingKey.booleanKey("fileCacheForLocalFs", false));
  private static final SettingKey<Granularity> FILE_CACHE_GRANULARITY =
      register(
          SettingKey.enumKey(
              "fileCache.granularity",
              Granularity.class,
              FileCacheOptions.defaults().granularity()));
  private static final SettingKey<Integer> FILE_CACHE_SEGMENT_BYTES =
      register(
          SettingKey.intKey(
              "fileCache.segmentBytes",
              FileCacheOptions.DEFAULT_SEGMENT_BYTES,
              1,
              Integer.MAX_VALUE));
  private static final SettingKey<Integer> FILE_CACHE_CHECKSUM_CHUNK_BYTES =
      register(
          SettingKey.intKey(
              "fileCache.checksumChunkBytes",
              FileCacheOptions.DEFAULT_CHECKSUM_CHUNK_BYTES,
              1,
              Integer.MAX_VALUE));
  private static final SettingKey<Duration> FILE_CACHE_RECHECK_INTERVAL =
      register(
          SettingKey.durationKey(
              "fileCache.recheckInterval", FileCacheOptions.DEFAULT_RECHECK_INTERVAL));
  private static final SettingKey<Integer> FILE_CACHE_MAX_OPEN_FILES =
      register(
          SettingKey.intKey(
              "fileCache.maxOpenFiles",
              FileCacheOptions.DEFAULT_MAX_OPEN_FILES,
              0,
              Integer.MAX_VALUE));
  private static final SettingKey<Integer> FILE_CACHE_LOAD_THREADS =
      register(
          SettingKey.intKey(
              "fileCache.loadThreads", FileCacheOptions.DEFAULT_LOAD_THREADS, 1, 1024));
  private static final SettingKey<Boolean> WAL_ENABLED =
      register(SettingKey.booleanKey("walEnabled", false));
  private static final SettingKey<Integer> READ_THREADS =
      register(SettingKey.intKey("readThreads", DEFAULT_READ_THREADS, 1, 1 << 16));

  private static final DbSettings DEFAULTS = new Builder().build();

  /** One value per key, in the order of {@link #KEYS}. */
  private final Object[] values;

  private DbSettings(Object[] values) {
    this.values = values;
  }

  private static <T> SettingKey<T> register(SettingKey<T> key) {
    SettingKey<T> indexed = key.at(KEYS.size());
    KEYS.add(indexed);
    return indexed;
  }

  private <T> T get(SettingKey<T> key) {
    return key.cast(values[key.index()]);
  }

  /** The engine's defaults: what {@code parse("")} and {@code builder().build()} give. */
  public static DbSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings, to change some values. */
  public Builder toBuilder() {
    return new Builder(values);
  }

  /** Every key of the text form, in the order {@link #toString()} writes them. */
  public static List<String> keys() {
    return KEYS.stream().map(SettingKey::name).toList();
  }

  /**
   * The settings written as {@code text} (see the class comment): {@code key=value} pairs separated
   * by commas, any subset of {@link #keys()} in any order, the others at their defaults. Spaces
   * around keys and values are ignored.
   *
   * @throws IllegalArgumentException if {@code text} is null, or naming the key and the value when
   *     a key is unknown or given twice, a pair has no {@code =}, a value does not parse or is out
   *     of range, or values do not fit together
   */
  public static DbSettings parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("settings text must not be null");
    }
    return new Builder().apply(text).build();
  }

  private static SettingKey<?> byName(String name) {
    for (SettingKey<?> key : KEYS) {
      if (key.name().equals(name)) {
        return key;
      }
    }
    throw new IllegalArgumentException("unknown setting '" + name + "'; known: " + keys());
  }

  /** Compression of new files at {@code level}. */
  public Compression compression(int level) {
    return get(COMPRESSION).get(Builder.level(level));
  }

  /** Compression of new files at every level, from level 0 down. */
  public List<Compression> levelCompression() {
    return get(COMPRESSION);
  }

  /** Bytes of the active memtable before it is switched and flushed. */
  public long memtableBytes() {
    return get(MEMTABLE_BYTES);
  }

  /** Immutable memtables waiting for flush before writes stall. */
  public int maxImmutableMemtables() {
    return get(MAX_IMMUTABLE_MEMTABLES);
  }

  /** Target uncompressed size of an SST data block. */
  public int blockSize() {
    return get(BLOCK_SIZE);
  }

  /** Bloom filter bits per key (0: no filter). */
  public int bloomBitsPerKey() {
    return get(BLOOM_BITS_PER_KEY);
  }

  /** Level-0 file count that triggers a compaction. */
  public int l0CompactionTrigger() {
    return get(L0_COMPACTION_TRIGGER);
  }

  /** Level-0 file count at which writes stall until compaction catches up. */
  public int l0StopWritesTrigger() {
    return get(L0_STOP_WRITES_TRIGGER);
  }

  /** Size at which compaction outputs are cut. */
  public long targetFileSizeBytes() {
    return get(TARGET_FILE_SIZE_BYTES);
  }

  /** Upper bound of the size target of the base level; see {@link Builder#maxBytesForLevelBase}. */
  public long maxBytesForLevelBase() {
    return get(MAX_BYTES_FOR_LEVEL_BASE);
  }

  /** Most compactions running at once; see {@link Builder#maxBackgroundCompactions}. */
  public int maxBackgroundCompactions() {
    return get(MAX_BACKGROUND_COMPACTIONS);
  }

  /** Capacity of the block cache the store creates (0: none), when none is shared. */
  public long blockCacheBytes() {
    return get(BLOCK_CACHE_BYTES);
  }

  /** Directory of a local-disk file cache the store creates, or null when it creates none. */
  public Path fileCacheDirectory() {
    return get(FILE_CACHE_DIRECTORY);
  }

  /** Budget of a file cache the store creates (0 when it creates none). */
  public long fileCacheBytes() {
    return get(FILE_CACHE_BYTES);
  }

  /** Whether the file cache is used even though the store's home is on the local file system. */
  public boolean fileCacheForLocalFs() {
    return get(FILE_CACHE_FOR_LOCAL_FS);
  }

  /** Settings of a file cache the store creates. */
  public FileCacheOptions fileCacheOptions() {
    return new FileCacheOptions(
        get(FILE_CACHE_GRANULARITY),
        get(FILE_CACHE_SEGMENT_BYTES),
        get(FILE_CACHE_CHECKSUM_CHUNK_BYTES),
        get(FILE_CACHE_RECHECK_INTERVAL),
        get(FILE_CACHE_MAX_OPEN_FILES),
        get(FILE_CACHE_LOAD_THREADS));
  }

  /** Whether writes go to a write-ahead log, synced before they are acknowledged. */
  public boolean walEnabled() {
    return get(WAL_ENABLED);
  }

  /** Most threads of the store-owned read pool (unused with a given read executor). */
  public int readThreads() {
    return get(READ_THREADS);
  }

  /** Equal when every setting is equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DbSettings other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  /**
   * Every setting as one line of {@code key=value} pairs in the order of {@link #keys()}; {@link
   * #parse(String)} reads it back to equal settings.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < KEYS.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(KEYS.get(i).name()).append('=').append(SettingsText.escape(format(KEYS.get(i))));
    }
    return sb.toString();
  }

  private <T> String format(SettingKey<T> key) {
    return key.format(get(key));
  }

  private static List<Compression> parseCompression(String text) {
    String[] names = text.split(":", -1);
    if (names.length != 1 && names.length != Version.NUM_LEVELS) {
      throw new IllegalArgumentException(
          "expected one compression or one per level for "
              + Version.NUM_LEVELS
              + " levels, got "
              + names.length);
    }
    List<Compression> levels = new ArrayList<>(Version.NUM_LEVELS);
    for (String name : names) {
      levels.add(Compression.valueOf(name.strip().toUpperCase(Locale.ROOT)));
    }
    return names.length == 1
        ? Collections.nCopies(Version.NUM_LEVELS, levels.get(0))
        : List.copyOf(levels);
  }

  private static String formatCompression(List<Compression> levels) {
    if (levels.stream().distinct().count() == 1) {
      return levels.get(0).name();
    }
    return String.join(":", levels.stream().map(Compression::name).toList());
  }

  /**
   * Builder of {@link DbSettings}; every setter checks its value, {@link #build()} checks the
   * values that must fit together.
   */
  public static final class Builder {

    private final Object[] values;

    private Builder() {
      values = new Object[KEYS.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = KEYS.get(i).defaultValue();
      }
    }

    private Builder(Object[] values) {
      this.values = values.clone();
    }

    private <T> Builder set(SettingKey<T> key, T value) {
      values[key.index()] = key.checked(value);
      return this;
    }

    private <T> T get(SettingKey<T> key) {
      return key.cast(values[key.index()]);
    }

    private <T> void parseInto(SettingKey<T> key, String text) {
      set(key, key.parse(text));
    }

    /**
     * Sets the settings written in {@code text} (the text form of {@link DbSettings#parse}, any
     * subset of the keys) and leaves the others as they are: {@code
     * base.toBuilder().apply("walEnabled=true").build()} is {@code base} with the log on.
     *
     * @throws IllegalArgumentException if {@code text} is null, or naming the key and the value
     *     when a key is unknown or given twice, a pair has no {@code =}, or a value does not parse
     *     or is out of range
     */
    public Builder apply(String text) {
      if (text == null) {
        throw new IllegalArgumentException("settings text must not be null");
      }
      for (Map.Entry<String, String> pair : SettingsText.split(text).entrySet()) {
        SettingKey<?> key = byName(pair.getKey());
        parseInto(key, SettingsText.unescape(key.name(), pair.getValue()));
      }
      return this;
    }

    private static <T> T nonNull(String name, T value) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }

    private static int level(int level) {
      if (level < 0 || level >= Version.NUM_LEVELS) {
        throw new IllegalArgumentException(
            "compression level must be in [0, " + (Version.NUM_LEVELS - 1) + "]: " + level);
      }
      return level;
    }

    /** Compression of new files at every level (default LZ4). */
    public Builder compression(Compression c) {
      return set(COMPRESSION, Collections.nCopies(Version.NUM_LEVELS, nonNull("compression", c)));
    }

    /**
     * Compression of new files at one level.
     *
     * @throws IllegalArgumentException if {@code level} is not a level of the store
     */
    public Builder compression(int level, Compression c) {
      List<Compression> levels = new ArrayList<>(get(COMPRESSION));
      levels.set(level(level), nonNull("compression", c));
      return set(COMPRESSION, List.copyOf(levels));
    }

    /** Bytes of the active memtable before it is switched and flushed (default 64 MiB). */
    public Builder memtableBytes(long bytes) {
      return set(MEMTABLE_BYTES, bytes);
    }

    /** Immutable memtables waiting for flush before writes stall (default 2). */
    public Builder maxImmutableMemtables(int count) {
      return set(MAX_IMMUTABLE_MEMTABLES, count);
    }

    /** Target uncompressed size of an SST data block (default 4 KiB). */
    public Builder blockSize(int bytes) {
      return set(BLOCK_SIZE, bytes);
    }

    /** Bloom filter bits per key (default 10; 0 disables the filter). */
    public Builder bloomBitsPerKey(int bits) {
      return set(BLOOM_BITS_PER_KEY, bits);
    }

    /** Level-0 file count that triggers a compaction (default 4). */
    public Builder l0CompactionTrigger(int files) {
      return set(L0_COMPACTION_TRIGGER, files);
    }

    /** Level-0 file count at which writes stall until compaction catches up (default 20). */
    public Builder l0StopWritesTrigger(int files) {
      return set(L0_STOP_WRITES_TRIGGER, files);
    }

    /** Size at which compaction outputs are cut (default 64 MiB). */
    public Builder targetFileSizeBytes(long bytes) {
      return set(TARGET_FILE_SIZE_BYTES, bytes);
    }

    /**
     * Upper bound of the size target of the base level, the level that level 0 is compacted into
     * (default 256 MiB). Targets are computed down from the largest level, each level a tenth of
     * the one below, and the base level is the highest one whose target stays above a tenth of this
     * bound; see docs/architecture.md.
     */
    public Builder maxBytesForLevelBase(long bytes) {
      return set(MAX_BYTES_FOR_LEVEL_BASE, bytes);
    }

    /**
     * Most compactions running at once (default 2). One runs normally; more only while level 0
     * holds at least {@code min(2 * l0CompactionTrigger, l0CompactionTrigger + (l0StopWritesTrigger
     * - l0CompactionTrigger) / 4)} files, and only on inputs and key ranges that do not conflict. A
     * store that creates its own compaction pool sizes it to this.
     */
    public Builder maxBackgroundCompactions(int jobs) {
      return set(MAX_BACKGROUND_COMPACTIONS, jobs);
    }

    /** Capacity of a block cache the store creates for itself (default 64 MiB; 0: no cache). */
    public Builder blockCacheBytes(long bytes) {
      return set(BLOCK_CACHE_BYTES, bytes);
    }

    /**
     * Directory of a local-disk file cache the store creates for itself, with {@link
     * #fileCacheBytes}; null (the default) for none. Closed with the store, its contents kept for
     * the next open. Two open caches must not share a directory.
     */
    public Builder fileCacheDirectory(Path dir) {
      return set(FILE_CACHE_DIRECTORY, dir);
    }

    /**
     * Byte budget of the file cache the store creates: a hard bound on the bytes it keeps on disk
     * (default 0, with no directory).
     */
    public Builder fileCacheBytes(long bytes) {
      return set(FILE_CACHE_BYTES, bytes);
    }

    /**
     * Uses the file cache even when the store's home is a {@code file:} path (default off: a local
     * file needs no local copy). For tests and benchmarks on {@code latency+file://}.
     */
    public Builder fileCacheForLocalFs(boolean enabled) {
      return set(FILE_CACHE_FOR_LOCAL_FS, enabled);
    }

    /** Settings of the file cache the store creates (default {@link FileCacheOptions#defaults}). */
    public Builder fileCacheOptions(FileCacheOptions options) {
      nonNull("fileCacheOptions", options);
      set(FILE_CACHE_GRANULARITY, options.granularity());
      set(FILE_CACHE_SEGMENT_BYTES, options.segmentBytes());
      set(FILE_CACHE_CHECKSUM_CHUNK_BYTES, options.checksumChunkBytes());
      set(FILE_CACHE_RECHECK_INTERVAL, options.recheckInterval());
      set(FILE_CACHE_MAX_OPEN_FILES, options.maxOpenFiles());
      return set(FILE_CACHE_LOAD_THREADS, options.loadThreads());
    }

    /**
     * Whether writes go to a write-ahead log, synced before they are acknowledged (default off).
     * The log needs a file system that can sync an open file ({@code hsync}: HDFS, a local disk);
     * opening a store with it on elsewhere (S3 through S3A) throws {@link IllegalArgumentException}
     * naming the URI.
     */
    public Builder walEnabled(boolean enabled) {
      return set(WAL_ENABLED, enabled);
    }

    /**
     * Most threads of the read pool the store creates when no read executor is given (default
     * {@value DbSettings#DEFAULT_READ_THREADS}): how many lookups of {@code getAsync} and {@code
     * multiGet} may wait on the file system at once.
     */
    public Builder readThreads(int threads) {
      return set(READ_THREADS, threads);
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the values when {@code l0StopWritesTrigger} is below
     *     {@code l0CompactionTrigger}, or only one of {@code fileCacheDirectory} and a positive
     *     {@code fileCacheBytes} is set
     */
    public DbSettings build() {
      int stop = get(L0_STOP_WRITES_TRIGGER);
      int trigger = get(L0_COMPACTION_TRIGGER);
      if (stop < trigger) {
        throw new IllegalArgumentException(
            "l0StopWritesTrigger " + stop + " must be at least l0CompactionTrigger " + trigger);
      }
      Path dir = get(FILE_CACHE_DIRECTORY);
      long bytes = get(FILE_CACHE_BYTES);
      if ((dir == null) != (bytes == 0)) {
        throw new IllegalArgumentException(
            "fileCacheDirectory ("
                + dir
                + ") and fileCacheBytes ("
                + bytes
                + ") must be set together");
      }
      return new DbSettings(values.clone());
    }
  }
}
