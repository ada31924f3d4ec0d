package io.sediment.jmh;

import java.util.Arrays;
import java.util.Locale;

/**
 * The best any cache could do on the zipfian tiered-reads workload ({@link TieredReadsBenchmark}):
 * an oracle that knows every key's popularity fills the memory tier with the most popular units and
 * the disk tier with the next ones, and this reports the share of lookups left for remote storage,
 * plus the throughput ceiling that share sets when a fixed number of lookups are in flight
 * (Little's law: in-flight / (remote share x remote read time)).
 *
 * <p>Two placements are compared, both with data blocks on the local disk (a disk tier reads whole
 * blocks, so it can do no better than the most popular blocks):
 *
 * <ul>
 *   <li>blocks in memory too, held uncompressed as the block cache holds them;
 *   <li>single rows in memory (a row cache), each costing {@code rowBytes}, then blocks on disk for
 *       what the rows leave.
 * </ul>
 *
 * <p>Key popularity follows rank {@code r} with weight {@code 1 / (r + 1)^theta}, scattered over
 * the keys by {@link Zipfian#itemOf}, so blocks mix hot and cold keys exactly as in the benchmark's
 * dataset, where keys are stored in index order.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sediment.jmh.PlacementBound [name=value ...]
 * </pre>
 *
 * Names and defaults (the benchmark's): {@code keys=2600000 theta=0.99 keysPerBlock=32
 * sstBytes=89780000 budgetPercent=10 memoryBlockBytes=4192 rowBytes=176 inFlight=64
 * remoteMicros=1060}. Exit code 2 with a usage message for a bad argument.
 */
public final class PlacementBound {

  /** Shares of all lookups served by memory and by the local disk; the rest go remote. */
  record Shares(double memory, double disk) {
    double remote() {
      return Math.max(0, 1 - memory - disk);
    }
  }

  private PlacementBound() {}

  /**
   * Each key's share of the lookups, indexed by key: rank {@code r} has weight {@code 1 / (r +
   * 1)^theta}, placed at key {@code zipfian.itemOf(r)}.
   */
  static double[] keyShares(Zipfian zipfian, double theta) {
    int keys = Math.toIntExact(zipfian.items());
    double[] shares = new double[keys];
    double total = 0;
    for (int r = 0; r < keys; r++) {
      double w = 1 / Math.pow(r + 1, theta);
      shares[Math.toIntExact(zipfian.itemOf(r))] = w;
      total += w;
    }
    for (int k = 0; k < keys; k++) {
      shares[k] /= total;
    }
    return shares;
  }

  /** The shares of consecutive runs of {@code keysPerBlock} keys (the last run may be shorter). */
  static double[] blockShares(double[] keyShares, int keysPerBlock) {
    if (keysPerBlock <= 0) {
      throw new IllegalArgumentException("keysPerBlock must be positive: " + keysPerBlock);
    }
    double[] blocks = new double[(keyShares.length + keysPerBlock - 1) / keysPerBlock];
    for (int k = 0; k < keyShares.length; k++) {
      blocks[k / keysPerBlock] += keyShares[k];
    }
    return blocks;
  }

  /**
   * The {@code memoryBlocks} most popular blocks in memory, the next {@code diskBlocks} on disk.
   */
  static Shares blocksInBoth(
      double[] keyShares, int keysPerBlock, int memoryBlocks, int diskBlocks) {
    double[] sorted = blockShares(keyShares, keysPerBlock);
    Arrays.sort(sorted);
    double memory = sumOfLargest(sorted, 0, memoryBlocks);
    double disk = sumOfLargest(sorted, memoryBlocks, diskBlocks);
    return new Shares(memory, disk);
  }

  /**
   * The {@code memoryRows} most popular keys in memory; then, of the lookups they leave, the {@code
   * diskBlocks} blocks that serve the most on disk.
   */
  static Shares rowsThenBlocks(
      double[] keyShares, int keysPerBlock, int memoryRows, int diskBlocks) {
    int rows = Math.max(0, Math.min(memoryRows, keyShares.length));
    double[] sorted = keyShares.clone();
    Arrays.sort(sorted);
    double memory = sumOfLargest(sorted, 0, rows);
    double[] left = keyShares.clone();
    if (rows > 0) {
      // Remove exactly `rows` keys: all above the threshold, then ties at it until the count is
      // met.
      double threshold = sorted[sorted.length - rows];
      int removed = 0;
      for (int k = 0; k < left.length; k++) {
        if (left[k] > threshold) {
          left[k] = 0;
          removed++;
        }
      }
      for (int k = 0; k < left.length && removed < rows; k++) {
        if (left[k] == threshold) {
          left[k] = 0;
          removed++;
        }
      }
    }
    double[] blocks = blockShares(left, keysPerBlock);
    Arrays.sort(blocks);
    return new Shares(memory, sumOfLargest(blocks, 0, diskBlocks));
  }

  /**
   * The sum of the {@code count} largest values after the {@code skip} largest of {@code
   * ascending}.
   */
  private static double sumOfLargest(double[] ascending, int skip, int count) {
    double sum = 0;
    int from = ascending.length - 1 - Math.max(0, skip);
    for (int i = from; i >= 0 && i > from - Math.max(0, count); i--) {
      sum += ascending[i];
    }
    return sum;
  }

  /**
   * Lookups per second when {@code inFlight} lookups run at once and a remote one takes that long.
   */
  static double ceiling(Shares shares, int inFlight, double remoteMicros) {
    return shares.remote() == 0
        ? Double.POSITIVE_INFINITY
        : inFlight / (shares.remote() * remoteMicros / 1e6);
  }

  public static void main(String[] args) {
    Settings s;
    try {
      s = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: PlacementBound [keys=N] [theta=T] [keysPerBlock=N] [sstBytes=N]"
              + " [budgetPercent=P] [memoryBlockBytes=N] [rowBytes=N] [inFlight=N]"
              + " [remoteMicros=N]");
      System.exit(2);
      return;
    }
    double[] keys = keyShares(new Zipfian(s.keys, s.theta), s.theta);
    int blocks = (int) ((s.keys + s.keysPerBlock - 1) / s.keysPerBlock);
    long budget = s.sstBytes * s.budgetPercent / 100;
    int memoryBlocks = (int) (budget / s.memoryBlockBytes);
    int diskBlocks = (int) Math.min(blocks, budget / Math.max(1, s.sstBytes / blocks));
    int memoryRows = (int) Math.min(s.keys, budget / s.rowBytes);
    System.out.printf(
        Locale.ROOT,
        "%d keys in %d blocks; each tier %d bytes: %d blocks in memory, %d on disk, or %d rows%n",
        s.keys,
        blocks,
        budget,
        memoryBlocks,
        diskBlocks,
        memoryRows);
    print(
        "blocks in memory, blocks on disk",
        blocksInBoth(keys, s.keysPerBlock, memoryBlocks, diskBlocks),
        s);
    print(
        "rows in memory, blocks on disk",
        rowsThenBlocks(keys, s.keysPerBlock, memoryRows, diskBlocks),
        s);
  }

  private static void print(String placement, Shares shares, Settings s) {
    System.out.printf(
        Locale.ROOT,
        "%s: memory %.1f%%, disk %.1f%%, remote %.1f%%; with %d in flight at %d us: at most %,.0f"
            + " lookups/s%n",
        placement,
        100 * shares.memory(),
        100 * shares.disk(),
        100 * shares.remote(),
        s.inFlight,
        s.remoteMicros,
        ceiling(shares, s.inFlight, s.remoteMicros));
  }

  /** The command line's values. */
  record Settings(
      long keys,
      double theta,
      int keysPerBlock,
      long sstBytes,
      int budgetPercent,
      int memoryBlockBytes,
      int rowBytes,
      int inFlight,
      int remoteMicros) {

    static Settings parse(String[] args) {
      long keys = 2_600_000;
      double theta = 0.99;
      int keysPerBlock = 32;
      long sstBytes = 89_780_000;
      int budgetPercent = 10;
      int memoryBlockBytes = 4096 + 96;
      int rowBytes = 176;
      int inFlight = 64;
      int remoteMicros = 1060;
      for (String a : args) {
        int eq = a.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("expected name=value: '" + a + "'");
        }
        String name = a.substring(0, eq);
        String value = a.substring(eq + 1);
        try {
          switch (name) {
            case "keys" -> keys = Long.parseLong(value);
            case "theta" -> theta = Double.parseDouble(value);
            case "keysPerBlock" -> keysPerBlock = Integer.parseInt(value);
            case "sstBytes" -> sstBytes = Long.parseLong(value);
            case "budgetPercent" -> budgetPercent = Integer.parseInt(value);
            case "memoryBlockBytes" -> memoryBlockBytes = Integer.parseInt(value);
            case "rowBytes" -> rowBytes = Integer.parseInt(value);
            case "inFlight" -> inFlight = Integer.parseInt(value);
            case "remoteMicros" -> remoteMicros = Integer.parseInt(value);
            default -> throw new IllegalArgumentException("unknown name '" + name + "'");
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a number for " + name + ": '" + value + "'");
        }
      }
      if (keys < 2 || keys > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("keys must be in 2.." + Integer.MAX_VALUE + ": " + keys);
      }
      if (!(theta > 0 && theta < 1)) {
        throw new IllegalArgumentException("theta must be in (0, 1): " + theta);
      }
      positive("keysPerBlock", keysPerBlock);
      positive("sstBytes", sstBytes);
      positive("memoryBlockBytes", memoryBlockBytes);
      positive("rowBytes", rowBytes);
      positive("inFlight", inFlight);
      positive("remoteMicros", remoteMicros);
      if (budgetPercent <= 0 || budgetPercent > 100) {
        throw new IllegalArgumentException("budgetPercent must be in 1..100: " + budgetPercent);
      }
      return new Settings(
          keys,
          theta,
          keysPerBlock,
          sstBytes,
          budgetPercent,
          memoryBlockBytes,
          rowBytes,
          inFlight,
          remoteMicros);
    }

    private static void positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
    }
  }
}
