package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.LocalFileCache;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both read tiers wired into the store, on the latency-injecting local file system ({@code
 * latency+file://}, a few microseconds per read) standing in for remote storage: values under
 * constant eviction, write-through hits, corruption of a local copy, loss of the cache directory,
 * the byte budget, shared caches and option validation.
 */
class TieredReadsTest {

  private static final long SEED = 20261124L;

  @TempDir Path dir;

  private String remoteUri(String name) {
    return "latency+" + dir.resolve(name).toUri();
  }

  static Configuration tinyLatency() {
    Configuration conf = new Configuration();
    conf.set("sediment.fs.latency.read", "20us");
    return conf;
  }

  /** Both tiers on, the file cache with a budget of {@code fileCacheBytes}. */
  private DbOptions.Builder tiered(String name, long blockCacheBytes, long fileCacheBytes) {
    return TieredWorkload.smallFiles(remoteUri(name))
        .hadoopConfiguration(tinyLatency())
        .blockCacheBytes(blockCacheBytes)
        .fileCacheDirectory(dir.resolve(name + "-cache"))
        .fileCacheBytes(fileCacheBytes)
        .fileCacheOptions(TieredWorkload.smallSegments())
        .fileCacheForLocalFs(true);
  }

  @Test
  void concurrentReadsUnderConstantEvictionInBothTiers() throws Exception {
    System.out.println("TieredReadsTest seed " + SEED);
    TieredWorkload data = new TieredWorkload(SEED, 1200);
    try (Db db = Db.open(tiered("evict", 8 * 1024, 24 * 1024).build())) {
      data.writeAll(db);
      data.readConcurrently(db, 4, 200);
      data.checkAllAsync(db);
      DbStats stats = db.stats();
      System.out.println(stats);
      assertTrue(stats.blockCacheEvictions() > 0, "block cache evicted: " + stats);
      assertTrue(stats.fileCacheEvictions() > 0, "file cache evicted: " + stats);
      assertTrue(stats.fileCacheHits() > 0, "file cache hits: " + stats);
      assertTrue(stats.fileCacheMisses() > 0, "file cache misses: " + stats);
      assertEquals(24 * 1024, stats.fileCacheCapacityBytes());
      TieredWorkload.checkBudget(stats);
    }
  }

  @Test
  void newFilesAreLocalHitsAndStayCachedAcrossReopen() throws Exception {
    TieredWorkload data = new TieredWorkload(SEED, 100); // one memtable: one SST, no compaction
    DbOptions options = tiered("warm", 0, 4L << 20).build();
    try (Db db = Db.open(options)) {
      data.writeAll(db);
      DbStats before = db.stats();
      data.checkAll(db);
      DbStats after = db.stats();
      assertEquals(before.fileCacheMisses(), after.fileCacheMisses(), "written through: " + after);
      assertEquals(before.fileCacheBytesReadRemote(), after.fileCacheBytesReadRemote());
      assertTrue(after.fileCacheHits() > before.fileCacheHits(), "hits moved: " + after);
      assertTrue(after.fileCacheBytesReadLocal() > before.fileCacheBytesReadLocal());
    }
    try (Db db = Db.open(options)) {
      data.checkAll(db);
      DbStats stats = db.stats();
      assertEquals(0, stats.fileCacheMisses(), "the copies outlived the store: " + stats);
      assertTrue(stats.fileCacheHits() > 0);
    }
  }

  @Test
  void corruptedLocalCopyIsDetectedAndFetchedAgain() throws Exception {
    TieredWorkload data = new TieredWorkload(SEED, 100);
    DbOptions options = tiered("corrupt", 0, 4L << 20).build();
    try (Db db = Db.open(options)) {
      data.writeAll(db);
      int flipped = flipFirstByteOfEveryEntry(options.settings().fileCacheDirectory());
      assertTrue(flipped > 0, "the flush was written through");
      data.checkAll(db);
      DbStats stats = db.stats();
      assertTrue(stats.fileCacheCorruptions() > 0, "corruption detected: " + stats);
      assertTrue(stats.fileCacheBytesReadRemote() > 0, "fetched again: " + stats);
      data.checkAll(db);
    }
  }

  @Test
  void cacheDirectoryDeletedMidRunFallsBackToRemote() throws Exception {
    TieredWorkload data = new TieredWorkload(SEED, 400);
    // A stopped clock: the cache never probes its directory again, so the fallback lasts.
    Clock stopped = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    DbOptions options =
        tiered("lost", 16 * 1024, 4L << 20)
            .fileCacheOptions(
                TieredWorkload.smallSegments().withRecheckInterval(Duration.ofHours(1)))
            .fileCacheClock(stopped)
            .build();
    try (Db db = Db.open(options)) {
      data.writeAll(db);
      data.checkAll(db);
      deleteRecursively(options.settings().fileCacheDirectory());
      data.readConcurrently(db, 2, 60);
      data.checkAll(db);
      byte[] extraKey = "zz-after-loss".getBytes(StandardCharsets.UTF_8);
      db.put(extraKey, data.value(0));
      db.flush();
      assertArrayEquals(data.value(0), db.get(extraKey));
      DbStats stats = db.stats();
      assertTrue(stats.fileCacheFallbacks() > 0, "fallback counted: " + stats);
    }
  }

  @Test
  void storeOnLocalFileSystemSkipsTheFileCacheUnlessForced() throws Exception {
    TieredWorkload data = new TieredWorkload(SEED, 100);
    Path cacheDir = dir.resolve("plain-cache");
    DbOptions options =
        TieredWorkload.smallFiles(dir.resolve("plain").toUri().toString())
            .fileCacheDirectory(cacheDir)
            .fileCacheBytes(1L << 20)
            .build();
    try (Db db = Db.open(options)) {
      data.writeAll(db);
      data.checkAll(db);
      DbStats stats = db.stats();
      assertEquals(0, stats.fileCacheCapacityBytes(), "no file cache: " + stats);
      assertEquals(0, stats.fileCacheHits() + stats.fileCacheMisses());
    }
    assertTrue(!Files.exists(cacheDir), "the cache directory was never created");
  }

  @Test
  void sharedFileCacheServesSeveralStoresAndOutlivesThem() throws Exception {
    TieredWorkload data = new TieredWorkload(SEED, 100);
    try (LocalFileCache shared =
        LocalFileCache.open(dir.resolve("shared-cache"), 4L << 20, FileCacheOptions.defaults())) {
      DbOptions first = sharing("first", shared);
      DbOptions second = sharing("second", shared);
      try (Db b = Db.open(second)) {
        try (Db a = Db.open(first)) {
          data.writeAll(a);
          data.writeAll(b);
        }
        long hits = shared.stats().hits();
        data.checkAll(b);
        assertTrue(shared.stats().hits() > hits, "the shared cache still serves: " + b.stats());
      }
      assertTrue(shared.stats().enabled(), "closing the stores left the shared cache open");
    }
  }

  private DbOptions sharing(String name, LocalFileCache shared) {
    return TieredWorkload.smallFiles(remoteUri(name))
        .hadoopConfiguration(tinyLatency())
        .blockCacheBytes(0)
        .fileCache(shared)
        .fileCacheForLocalFs(true)
        .build();
  }

  @Test
  void fileCacheOptionsAreValidated() {
    DbOptions.Builder b = DbOptions.builder(remoteUri("opts"));
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> b.fileCacheBytes(0));
    assertTrue(zero.getMessage().contains("fileCacheBytes"), zero.getMessage());
    IllegalArgumentException noBudget =
        assertThrows(
            IllegalArgumentException.class, () -> b.fileCacheDirectory(dir.resolve("c")).build());
    assertTrue(noBudget.getMessage().contains(dir.resolve("c").toString()), noBudget.getMessage());
    try (LocalFileCache shared =
        LocalFileCache.open(dir.resolve("s"), 1024, FileCacheOptions.defaults())) {
      IllegalArgumentException both =
          assertThrows(
              IllegalArgumentException.class,
              () -> b.fileCacheBytes(1024).fileCache(shared).build());
      assertTrue(both.getMessage().contains("fileCacheDirectory"), both.getMessage());
    }
  }

  /** Flips the first byte (data, not trailer) of every cached entry; returns how many. */
  static int flipFirstByteOfEveryEntry(Path cacheDir) throws IOException {
    List<Path> entries;
    try (Stream<Path> files = Files.walk(cacheDir)) {
      entries = files.filter(p -> p.getFileName().toString().endsWith(".entry")).toList();
    }
    for (Path entry : entries) {
      try (RandomAccessFile f = new RandomAccessFile(entry.toFile(), "rw")) {
        int b = f.read();
        f.seek(0);
        f.write(b ^ 0x5A);
      }
    }
    return entries.size();
  }

  /**
   * Deletes the cache directory while the store keeps writing through to it: a background flush or
   * compaction may add an entry between the walk and the directory's removal, or remove one the
   * walk listed, so the walk repeats until the directory is gone.
   */
  private static void deleteRecursively(Path root) throws IOException {
    for (int attempt = 0; Files.exists(root); attempt++) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (DirectoryNotEmptyException | NoSuchFileException | UncheckedIOException raced) {
        if (attempt == 100) {
          throw new IOException("could not delete " + root + " while the store wrote to it", raced);
        }
      }
    }
  }
}
