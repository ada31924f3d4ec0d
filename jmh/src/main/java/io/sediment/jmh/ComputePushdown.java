package io.sediment.jmh;

import io.sediment.compaction.MergeFunctions;
import io.sediment.compaction.MergeValues;
import io.sediment.fs.wrap.LatencyModel;
import io.sediment.fs.wrap.WrapperSchemes;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * Compute pushdown: counter updates as merges ({@link MergeFunctions#uint64Add()}: the write
 * carries the increment, reads and compactions add it up) against read-modify-write ({@code get}
 * then {@code put}), on the local file system and on the latency-injecting one ({@code
 * latency+file://}, 1 ms per operation by default). Block cache and file cache are off, so every
 * read of a counter that is not in a memtable reaches the file system. The counters are loaded and
 * flushed first; each mode then updates {@code updates} random counters by 1, and at the end every
 * counter is read back and the sum checked (an engine that drops updates fails the run).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.sediment.jmh.ComputePushdown [keys] [updates]
 * [latency]} (defaults 20000, 2000, {@code 1ms}). Prints one line per file system and mode, and the
 * merge/read-modify-write speed-up per file system; exits with status 1 if on the latency file
 * system merges are less than 10 times as fast.
 */
public final class ComputePushdown {

  private ComputePushdown() {}

  /** What one mode did on one file system. */
  record Run(String fs, String mode, long updates, long nanos) {
    double opsPerSecond() {
      return updates * 1e9 / nanos;
    }

    @Override
    public String toString() {
      return String.format(
          "%-8s %-6s %8d updates in %8.1f ms: %10.0f updates/s, %7.1f us each",
          fs, mode, updates, nanos / 1e6, opsPerSecond(), nanos / 1e3 / updates);
    }
  }

  public static void main(String[] args) throws IOException {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int updates = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    String latency = args.length > 2 ? args[2] : "1ms";
    Path base = Files.createTempDirectory("compute-pushdown");
    boolean ok = true;
    for (String fs : new String[] {"file", "latency"}) {
      Run merge = run(base, fs, latency, "merge", keys, updates);
      Run rmw = run(base, fs, latency, "rmw", keys, updates);
      double speedup = merge.opsPerSecond() / rmw.opsPerSecond();
      System.out.println(merge);
      System.out.println(rmw);
      System.out.printf("%-8s merge is %.1fx as fast as read-modify-write%n", fs, speedup);
      if (fs.equals("latency") && speedup < 10) {
        ok = false;
      }
    }
    if (!ok) {
      System.out.println("FAIL: merges are less than 10x as fast on the latency file system");
      System.exit(1);
    }
  }

  /**
   * Loads {@code keys} zero counters into a fresh store, flushes, updates {@code updates} random
   * ones in {@code mode}, checks the sum and returns the timing of the updates.
   */
  static Run run(Path base, String fs, String latency, String mode, int keys, int updates)
      throws IOException {
    Path dir = Files.createTempDirectory(base, fs + "-" + mode);
    Configuration conf = new Configuration();
    String uri = dir.toUri().toString();
    if (fs.equals("latency")) {
      conf.set(LatencyModel.DEFAULT_KEY, latency);
      uri = WrapperSchemes.wrap(WrapperSchemes.LATENCY, dir.toUri()).toString();
    }
    DbOptions options =
        DbOptions.builder(uri)
            .hadoopConfiguration(conf)
            .mergeFunction(MergeFunctions.uint64Add())
            .memtableBytes(4 << 20)
            .blockCacheBytes(0)
            .build();
    try (Db db = Db.open(options)) {
      for (int i = 0; i < keys; i++) {
        db.put(key(i), counter(0));
      }
      db.flush();
      SplittableRandom random = new SplittableRandom(42);
      long start = System.nanoTime();
      for (int i = 0; i < updates; i++) {
        byte[] k = key(random.nextInt(keys));
        if (mode.equals("merge")) {
          db.merge(k, counter(1));
        } else {
          byte[] v = db.get(k);
          db.put(k, counter(MergeValues.readUint64(v) + 1));
        }
      }
      long nanos = System.nanoTime() - start;
      long sum = 0;
      for (int i = 0; i < keys; i++) {
        sum += MergeValues.readUint64(db.get(key(i)));
      }
      if (sum != updates) {
        throw new IllegalStateException(
            fs + "/" + mode + ": counters sum to " + sum + " after " + updates + " updates");
      }
      return new Run(fs, mode, updates, nanos);
    }
  }

  static byte[] key(int i) {
    return String.format("counter%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] counter(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
