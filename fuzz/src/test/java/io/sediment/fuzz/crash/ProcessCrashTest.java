package io.sediment.fuzz.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The process crash test: chains of workload processes killed with SIGKILL at seeded points, each
 * kill followed by the checks of {@link CrashChain}. {@code -Dfuzz.crash.kills=N} sets the number
 * of kills (default {@value #DEFAULT_KILLS}, in chains of up to {@value #KILLS_PER_CHAIN}; chain
 * {@code i} uses seed {@code fuzz.crash.seed + i}); {@code -Dfuzz.crash.seed=S} moves the seeds;
 * {@code -Dfuzz.crash.parallel=P} runs P chains at a time (default: 2, or 1 on one core). A failure
 * names the chain's seed and round, and the command that runs that chain again; its directory
 * (stores, checkpoints, the processes' stderr) is kept and printed.
 */
class ProcessCrashTest {

  private static final long DEFAULT_SEED = 0x5ED1_C000L;
  private static final int DEFAULT_KILLS = 20;
  static final int KILLS_PER_CHAIN = 5;

  @Test
  void killedWorkloadsLeaveRestorableCheckpointsAndKeepAcknowledgedWrites() throws Exception {
    long seed = Long.getLong("fuzz.crash.seed", DEFAULT_SEED);
    int kills = Integer.getInteger("fuzz.crash.kills", DEFAULT_KILLS);
    int parallel =
        Integer.getInteger(
            "fuzz.crash.parallel", Math.min(2, Runtime.getRuntime().availableProcessors()));
    Path base = baseDir();
    Files.createDirectories(base);
    Path dir = Files.createTempDirectory(base, "crash-test");
    System.out.println("crash test directory " + dir);
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
    try {
      // Chains are independent (each has its own directories), so they may run side by side.
      ExecutorCompletionService<Void> chains = new ExecutorCompletionService<>(pool);
      int count = 0;
      for (int left = kills; left > 0; left -= KILLS_PER_CHAIN, count++) {
        long chainSeed = seed + count;
        int chainKills = Math.min(left, KILLS_PER_CHAIN);
        Path chainDir = dir.resolve("chain-" + count);
        chains.submit(
            () -> {
              CrashChain.run(chainSeed, chainKills, chainDir, System.out);
              return null;
            });
      }
      for (int i = 0; i < count; i++) {
        try {
          chains.take().get();
        } catch (ExecutionException e) {
          // The first chain to fail is the report; the others stop (their processes are killed).
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw e;
        }
      }
      System.out.printf(
          "crash test: %d kills in %d chains from seed %d, %d at a time, %.1f s%n",
          kills, count, seed, parallel, (System.nanoTime() - started) / 1e9);
    } finally {
      pool.shutdownNow();
    }
    // Kept on failure (the assertion above leaves before this) for inspection.
    deleteTree(dir);
  }

  /**
   * {@code -Dfuzz.crash.dir}, else a memory file system when there is one, else {@code
   * java.io.tmpdir}. A process kill loses nothing the process wrote to the kernel, synced or not,
   * so a memory file system tests exactly the same as a disk, without paying a disk sync for every
   * write-ahead-log append.
   */
  private static Path baseDir() {
    String configured = System.getProperty("fuzz.crash.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return shm;
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.delete(p);
      }
    }
  }
}
