package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.Granularity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DbSettingsTest {

  /** The text of the defaults; docs/operations.md shows the same line. */
  static final String DEFAULTS_TEXT =
      "compression=LZ4,memtableBytes=67108864,maxImmutableMemtables=2,blockSize=4096,"
          + "bloomBitsPerKey=10,l0CompactionTrigger=4,l0StopWritesTrigger=20,"
          + "targetFileSizeBytes=67108864,maxBytesForLevelBase=268435456,"
          + "maxBackgroundCompactions=2,blockCacheBytes=67108864,fileCacheDirectory=,"
          + "fileCacheBytes=0,fileCacheForLocalFs=false,fileCache.granularity=SEGMENTS,"
          + "fileCache.segmentBytes=1048576,fileCache.checksumChunkBytes=65536,"
          + "fileCache.recheckInterval=PT30S,fileCache.maxOpenFiles=1024,"
          + "fileCache.loadThreads=4,walEnabled=false,readThreads=64";

  @Test
  void defaultsHaveTheDocumentedValuesAndText() {
    DbSettings d = DbSettings.defaults();
    assertEquals(List.of(Compression.LZ4), d.levelCompression().stream().distinct().toList());
    assertEquals(64L << 20, d.memtableBytes());
    assertEquals(2, d.maxImmutableMemtables());
    assertEquals(4096, d.blockSize());
    assertEquals(10, d.bloomBitsPerKey());
    assertEquals(4, d.l0CompactionTrigger());
    assertEquals(20, d.l0StopWritesTrigger());
    assertEquals(64L << 20, d.targetFileSizeBytes());
    assertEquals(256L << 20, d.maxBytesForLevelBase());
    assertEquals(2, d.maxBackgroundCompactions());
    assertEquals(64L << 20, d.blockCacheBytes());
    assertNull(d.fileCacheDirectory());
    assertEquals(0, d.fileCacheBytes());
    assertFalse(d.fileCacheForLocalFs());
    assertEquals(FileCacheOptions.defaults(), d.fileCacheOptions());
    assertFalse(d.walEnabled());
    assertEquals(DbSettings.DEFAULT_READ_THREADS, d.readThreads());
    assertEquals(DEFAULTS_TEXT, d.toString());
    assertEquals(d, DbSettings.parse(""));
    assertEquals(d, DbSettings.builder().build());
    assertEquals(d, DbOptions.builder("file:///x").build().settings());
  }

  @Test
  void keysAreListedInTextOrderOnce() {
    List<String> keys = DbSettings.keys();
    assertEquals(keys.size(), new HashSet<>(keys).size(), "no key twice");
    List<String> written = new ArrayList<>();
    for (String pair : DEFAULTS_TEXT.split(",")) {
      written.add(pair.substring(0, pair.indexOf('=')));
    }
    assertEquals(keys, written);
  }

  @Test
  void randomSettingsRoundTripThroughText() {
    RandomSettings gen = new RandomSettings(0x5E77_1265L);
    Set<String> texts = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      DbSettings s = gen.next();
      String text = s.toString();
      assertFalse(text.contains(" ") || text.contains("\n"), () -> "one line: " + text);
      DbSettings back = DbSettings.parse(text);
      assertEquals(s, back, text);
      assertEquals(s.hashCode(), back.hashCode(), text);
      assertEquals(text, back.toString());
      assertEquals(s, s.toBuilder().build());
      texts.add(text);
    }
    assertTrue(texts.size() > 1900, "the generator varies the settings: " + texts.size());
  }

  @Test
  void parseTakesAnySubsetInAnyOrderWithSpaces() {
    DbSettings s =
        DbSettings.parse(
            " walEnabled = TRUE , compression=zstd,memtableBytes=1048576, fileCache.granularity"
                + "=whole_file,");
    assertTrue(s.walEnabled());
    assertEquals(Compression.ZSTD, s.compression(6));
    assertEquals(1 << 20, s.memtableBytes());
    assertEquals(Granularity.WHOLE_FILE, s.fileCacheOptions().granularity());
    assertEquals(
        DbSettings.defaults().toBuilder()
            .walEnabled(true)
            .compression(Compression.ZSTD)
            .memtableBytes(1 << 20)
            .fileCacheOptions(FileCacheOptions.defaults().withGranularity(Granularity.WHOLE_FILE))
            .build(),
        s);
  }

  @Test
  void applyChangesOnlyTheKeysItNames() {
    DbSettings base = DbSettings.parse("memtableBytes=4096,compression=ZSTD");
    DbSettings changed = base.toBuilder().apply("walEnabled=true,blockSize=512").build();
    assertEquals(base.toBuilder().walEnabled(true).blockSize(512).build(), changed);
    assertEquals(base, base.toBuilder().apply("").build());
    assertMessage("unknown setting 'wal'", () -> base.toBuilder().apply("wal=true"));
  }

  @Test
  void compressionIsOneForAllLevelsOrOnePerLevel() {
    DbSettings mixed =
        DbSettings.builder()
            .compression(Compression.LZ4)
            .compression(0, Compression.NONE)
            .compression(6, Compression.ZSTD)
            .build();
    assertTrue(mixed.toString().startsWith("compression=NONE:LZ4:LZ4:LZ4:LZ4:LZ4:ZSTD,"));
    assertEquals(mixed, DbSettings.parse("compression=NONE:LZ4:LZ4:LZ4:LZ4:LZ4:ZSTD"));
    assertEquals(Compression.NONE, mixed.compression(0));
    assertEquals(Compression.ZSTD, mixed.compression(6));
    assertMessage("compression", () -> DbSettings.parse("compression=LZ4:ZSTD"));
    assertMessage("level must be in [0, 6]: 7", () -> mixed.compression(7));
    assertMessage(
        "level must be in [0, 6]: -1", () -> DbSettings.builder().compression(-1, Compression.LZ4));
  }

  @Test
  void pathsWithSeparatorsAreEscaped() {
    Path dir = Path.of("/tmp/a b,c=d%e\té");
    DbSettings s = DbSettings.builder().fileCacheDirectory(dir).fileCacheBytes(1 << 30).build();
    assertTrue(
        s.toString().contains(",fileCacheDirectory=/tmp/a%20b%2Cc%3Dd%25e%09é,"), s.toString());
    assertEquals(dir, DbSettings.parse(s.toString()).fileCacheDirectory());
  }

  @Test
  void unknownKeysAndBadValuesAreRejectedByName() {
    assertMessage("unknown setting 'memtableSize'", () -> DbSettings.parse("memtableSize=1"));
    assertMessage("setting memtableBytes: cannot read '64MiB'", () -> parse("memtableBytes=64MiB"));
    assertMessage("memtableBytes must be in [1024, 2147483648]: 5", () -> parse("memtableBytes=5"));
    assertMessage("setting walEnabled: cannot read 'yes'", () -> parse("walEnabled=yes"));
    assertMessage("setting compression: cannot read 'snappy'", () -> parse("compression=snappy"));
    assertMessage(
        "setting fileCache.recheckInterval: cannot read '30s'",
        () -> parse("fileCache.recheckInterval=30s"));
    assertMessage(
        "fileCache.recheckInterval must not be negative: PT-1S",
        () -> parse("fileCache.recheckInterval=PT-1S"));
    assertMessage("setting blockSize needs a value", () -> parse("blockSize="));
    assertMessage("setting blockSize given twice", () -> parse("blockSize=512,blockSize=1024"));
    assertMessage("expected key=value, got 'walEnabled'", () -> parse("walEnabled"));
    assertMessage("setting fileCacheDirectory: bad escape", () -> parse("fileCacheDirectory=/a%2"));
    assertMessage("are not UTF-8", () -> parse("fileCacheDirectory=/a%FF"));
  }

  @Test
  void settersCheckTheirValuesAndBuildChecksThemTogether() {
    assertMessage("blockSize must be in [256, 16777216]: 100", () -> builder().blockSize(100));
    assertMessage("readThreads must be in [1, 65536]: 0", () -> builder().readThreads(0));
    assertMessage(
        "blockCacheBytes must be in [0, 1125899906842624]: -1",
        () -> builder().blockCacheBytes(-1));
    assertMessage(
        "l0StopWritesTrigger 3 must be at least l0CompactionTrigger 4",
        () -> builder().l0StopWritesTrigger(3).build());
    assertMessage(
        "fileCacheDirectory (/c) and fileCacheBytes (0) must be set together",
        () -> builder().fileCacheDirectory(Path.of("/c")).build());
    assertMessage(
        "fileCacheDirectory (null) and fileCacheBytes (5) must be set together",
        () -> parse("fileCacheBytes=5"));
    assertMessage("must not be null", () -> builder().compression(null));
  }

  @Test
  void equalityFollowsEverySetting() {
    DbSettings d = DbSettings.defaults();
    assertNotEquals(d, d.toBuilder().walEnabled(true).build());
    assertNotEquals(d, d.toBuilder().compression(3, Compression.ZSTD).build());
    assertNotEquals(
        d,
        d.toBuilder()
            .fileCacheOptions(d.fileCacheOptions().withRecheckInterval(Duration.ofSeconds(31)))
            .build());
    assertEquals(d, d.toBuilder().walEnabled(true).walEnabled(false).build());
    DbSettings.Builder b = d.toBuilder();
    DbSettings first = b.memtableBytes(4096).build();
    b.memtableBytes(8192);
    assertEquals(4096, first.memtableBytes(), "a built value does not change with its builder");
  }

  @Test
  void optionsCarryTheirSettingsAndComponentsSeparately() {
    DbSettings s = DbSettings.parse("memtableBytes=4096,blockSize=512,walEnabled=true");
    MergeFunction merge = new ConcatMerge();
    DbOptions o =
        DbOptions.builder("file:///x")
            .compression(Compression.NONE)
            .settings(s)
            .blockSize(1024)
            .mergeFunction(merge)
            .build();
    assertEquals(s.toBuilder().blockSize(1024).build(), o.settings());
    assertEquals(Compression.LZ4, o.compression(0), "settings() replaces earlier setters");
    assertEquals(merge, o.mergeFunction());
    assertEquals(o.settings(), o.toBuilder().build().settings());
    assertTrue(o.toString().contains(o.settings().toString()), o.toString());
    assertMessage(
        "fileCacheBytes must be positive: 0",
        () -> DbOptions.builder("file:///x").fileCacheBytes(0));
  }

  private static DbSettings parse(String text) {
    return DbSettings.parse(text);
  }

  private static DbSettings.Builder builder() {
    return DbSettings.builder();
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage() != null && e.getMessage().contains(part),
        () -> "expected '" + part + "' in: " + e.getMessage());
  }
}
