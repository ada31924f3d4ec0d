package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seeded model test on the local file system, in a few configurations. */
class DbModelTest {

  @TempDir Path dir;

  static DbOptions.Builder smallOptions(String uri) {
    return DbOptions.builder(uri)
        .mergeFunction(new ConcatMerge())
        .memtableBytes(8 * 1024)
        .targetFileSizeBytes(4 * 1024)
        .maxBytesForLevelBase(16 * 1024)
        .l0CompactionTrigger(2)
        .blockSize(512)
        .blockCacheBytes(256 * 1024);
  }

  /**
   * {@code -Dsediment.modelSeed=N} replays another seed; {@code -Dsediment.modelSteps=N} runs
   * longer.
   */
  static long seed(long fixed) {
    return Long.getLong("sediment.modelSeed", fixed);
  }

  static int steps(int budget) {
    return Integer.getInteger("sediment.modelSteps", budget);
  }

  @Test
  void defaultConfiguration() throws IOException {
    long seed = seed(20261124L);
    System.out.println("DbModelTest seed " + seed);
    DbStats stats =
        new DbModelChecker(smallOptions(dir.resolve("a").toUri().toString()).build(), seed, 300)
            .run(steps(1000));
    System.out.println(stats);
    assertTrue(stats.compactionCount() > 0, "the run must exercise compaction: " + stats);
  }

  @Test
  void uncompressedWithLogAndNoBloomNoCache() throws IOException {
    long seed = seed(7L);
    System.out.println("DbModelTest seed " + seed);
    DbOptions options =
        smallOptions(dir.resolve("b").toUri().toString())
            .compression(Compression.NONE)
            .compression(3, Compression.ZSTD)
            .bloomBitsPerKey(0)
            .blockCacheBytes(0)
            .walEnabled(true)
            .build();
    new DbModelChecker(options, seed, 100).run(steps(500));
  }

  @Test
  void wideRangeDeletesDropCoveredFilesUnread() throws IOException {
    long seed = seed(3L);
    System.out.println("DbModelTest seed " + seed);
    DbStats stats =
        new DbModelChecker(smallOptions(dir.resolve("c").toUri().toString()).build(), seed, 400)
            .wideRangeDeletes()
            .run(steps(1000));
    System.out.println(stats);
    // Which of the two ways a file goes depends on when background compactions run; with this seed
    // both usually happen (DbCoveredFilesTest covers each deterministically).
    assertTrue(
        stats.bytesDroppedCovered() + stats.bytesCompactedSkipped() > 0,
        "the run must drop covered files: " + stats);
  }
}
