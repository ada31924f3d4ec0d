package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.MiniDfs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both read tiers in front of a real in-process HDFS, where the file cache is on by default: values
 * under constant eviction with the budget held, write-through hits, and a corrupted local copy
 * fetched again from HDFS. Run as a nested class of {@link HdfsDbModelTest}, so that the module
 * starts one HDFS cluster for all its HDFS tests.
 */
abstract class HdfsTieredReadsScenarios {

  private static final long SEED = 77001L;

  /** The cluster of the enclosing test class. */
  abstract MiniDfs dfs();

  @TempDir Path cacheRoot;

  private DbOptions.Builder onHdfs(String name, long blockCacheBytes, long fileCacheBytes) {
    return TieredWorkload.smallFiles(dfs().freshDir(name).toString())
        .hadoopConfiguration(dfs().configuration())
        .blockCacheBytes(blockCacheBytes)
        .fileCacheDirectory(cacheRoot.resolve(name))
        .fileCacheBytes(fileCacheBytes)
        .fileCacheOptions(TieredWorkload.smallSegments());
  }

  @Test
  void concurrentReadsUnderConstantEvictionInBothTiers() throws Exception {
    System.out.println("HdfsTieredReadsScenarios seed " + SEED);
    TieredWorkload data = new TieredWorkload(SEED, 500);
    try (Db db = Db.open(onHdfs("evict", 8 * 1024, 24 * 1024).build())) {
      data.writeAll(db);
      data.readConcurrently(db, 3, 100);
      data.checkAll(db);
      DbStats stats = db.stats();
      System.out.println(stats);
      assertTrue(stats.blockCacheEvictions() > 0, "block cache evicted: " + stats);
      assertTrue(stats.fileCacheEvictions() > 0, "file cache evicted: " + stats);
      assertTrue(stats.fileCacheHits() > 0, "file cache hits: " + stats);
      TieredWorkload.checkBudget(stats);
    }
  }

  @Test
  void newFilesAreLocalHits() throws Exception {
    TieredWorkload data = new TieredWorkload(SEED, 100);
    try (Db db = Db.open(onHdfs("warm", 0, 4L << 20).build())) {
      data.writeAll(db);
      DbStats before = db.stats();
      data.checkAll(db);
      DbStats after = db.stats();
      assertEquals(before.fileCacheMisses(), after.fileCacheMisses(), "written through: " + after);
      assertTrue(after.fileCacheHits() > before.fileCacheHits(), "hits moved: " + after);
    }
  }

  @Test
  void corruptedLocalCopyIsFetchedAgainFromHdfs() throws Exception {
    TieredWorkload data = new TieredWorkload(SEED, 100);
    DbOptions options = onHdfs("corrupt", 0, 4L << 20).build();
    try (Db db = Db.open(options)) {
      data.writeAll(db);
      assertTrue(
          TieredReadsTest.flipFirstByteOfEveryEntry(options.settings().fileCacheDirectory()) > 0);
      data.checkAll(db);
      DbStats stats = db.stats();
      assertTrue(stats.fileCacheCorruptions() > 0, "corruption detected: " + stats);
      data.checkAll(db);
    }
  }
}
