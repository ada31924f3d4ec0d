package io.sediment.jmh;

import io.sediment.nexmark.EventGenerator;
import io.sediment.nexmark.GeneratorConfig;
import io.sediment.nexmark.NexmarkMode;
import io.sediment.nexmark.NexmarkRun;
import io.sediment.nexmark.NexmarkSource;
import io.sediment.nexmark.Queries;
import io.sediment.nexmark.Query;
import io.sediment.nexmark.QueryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * One trial of the Nexmark benchmark: one query in one {@link NexmarkMode} over a fresh run
 * directory (deleted afterwards), measured by {@link NexmarkRun}.
 */
final class NexmarkTrial {

  /**
   * The parameters shared by every trial of a benchmark run.
   *
   * @param events events per query run
   * @param seed the generator's seed
   * @param parallelism operator instances and source splits
   * @param latencyMs delay per file-system operation in the latency mode
   * @param tierPercent the latency mode's memory and disk tiers, each this share of the state that
   *     the query's {@code sync-local} run measured
   * @param localCacheBytes the block cache of the local modes
   * @param checkpointEvery the time between checkpoints
   */
  record Params(
      long events,
      long seed,
      int parallelism,
      long latencyMs,
      int tierPercent,
      long localCacheBytes,
      Duration checkpointEvery) {

    /** These parameters with {@code events} events. */
    Params withEvents(long events) {
      return new Params(
          events, seed, parallelism, latencyMs, tierPercent, localCacheBytes, checkpointEvery);
    }
  }

  /**
   * What a trial measured.
   *
   * @param tierBytes the block cache (and, with latency, the file cache) budget
   */
  record Result(String query, NexmarkMode mode, long tierBytes, NexmarkRun.Result run) {}

  /** The smallest tier: a few blocks, so that even a tiny state is not all cached. */
  static final long MIN_TIER_BYTES = 256L << 10;

  private NexmarkTrial() {}

  /** The tier size of {@code mode} for a query whose local state measured {@code stateBytes}. */
  static long tierBytes(NexmarkMode mode, Params p, long stateBytes) {
    return mode.latency()
        ? Math.max(MIN_TIER_BYTES, stateBytes * p.tierPercent() / 100)
        : p.localCacheBytes();
  }

  /**
   * Runs {@code query} in {@code mode} with tiers of {@code tierBytes} under a new directory of
   * {@code base}.
   *
   * @throws IOException naming what failed
   */
  static Result run(String query, NexmarkMode mode, long tierBytes, Params p, Path base)
      throws IOException, InterruptedException {
    Files.createDirectories(base);
    Path dir = Files.createTempDirectory(base, "nexmark-" + query + "-" + mode.commandName() + "-");
    try {
      Query q = Queries.of(query, QueryConfig.defaults(0, Clock.systemUTC()));
      NexmarkSource source =
          new NexmarkSource(
              new EventGenerator(GeneratorConfig.defaults(p.seed())), p.events(), p.parallelism());
      NexmarkRun.Result r =
          NexmarkRun.run(
              q,
              source,
              mode,
              p.parallelism(),
              dir,
              p.latencyMs(),
              tierBytes,
              p.checkpointEvery(),
              System::nanoTime);
      return new Result(query, mode, tierBytes, r);
    } finally {
      StoreFixture.deleteTree(dir);
    }
  }
}
