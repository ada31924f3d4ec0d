package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.Workloads;
import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Loads a given amount of user data with random keys into one engine and reports the time, the
 * rate, the write amplification and the peak heap. Meant to run in a small heap ({@code -Xmx1g}) to
 * show that a load many times the heap completes:
 *
 * <pre>
 * java -Xmx1g -cp jmh/target/benchmarks.jar io.sediment.jmh.BulkLoad SEDIMENT 5g
 * </pre>
 */
public final class BulkLoad {

  private BulkLoad() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: BulkLoad <SEDIMENT|ROCKSDB> <bytes, e.g. 5g or 500m> [keyBytes valueBytes]");
      System.exit(2);
    }
    Engine engine = Engine.valueOf(args[0].toUpperCase(Locale.ROOT));
    long bytes = parseBytes(args[1]);
    int keyBytes = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int valueBytes = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    long entries = bytes / (keyBytes + valueBytes);
    KeyValueGenerator kv = new KeyValueGenerator(keyBytes, valueBytes, Workloads.DATA_SEED);
    SplittableRandom random = new SplittableRandom(5);
    long peakHeap = 0;
    long start = System.nanoTime();
    try (StoreFixture fixture = new StoreFixture(engine, BenchSettings.of(64L << 20, 64L << 20))) {
      for (long i = 0; i < entries; i++) {
        long index = random.nextLong(Long.MAX_VALUE);
        fixture.store.put(kv.key(index), kv.value(index));
        if ((i & 0xFFFFF) == 0) {
          Runtime rt = Runtime.getRuntime();
          peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
          System.out.printf(
              Locale.ROOT,
              "%s: %,d of %,d entries (%.0f%%)%n",
              engine,
              i,
              entries,
              100.0 * i / entries);
        }
      }
      fixture.store.flush();
      long nanos = System.nanoTime() - start;
      double seconds = nanos / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s loaded %,d entries (%,d bytes of keys and values) in %.1f s: %,.0f ops/s, %.1f MB/s,"
              + " write amplification %.2f, peak heap seen %,d MB, max heap %,d MB%n",
          engine,
          entries,
          entries * (keyBytes + valueBytes),
          seconds,
          entries / seconds,
          entries * (keyBytes + valueBytes) / seconds / 1e6,
          fixture.store.writeAmplification(),
          peakHeap >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  static long parseBytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long multiplier = 1;
    if (t.endsWith("g")) {
      multiplier = 1L << 30;
    } else if (t.endsWith("m")) {
      multiplier = 1L << 20;
    } else if (t.endsWith("k")) {
      multiplier = 1L << 10;
    }
    if (multiplier != 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      long value = Long.parseLong(t) * multiplier;
      if (value <= 0) {
        throw new IllegalArgumentException("byte count must be positive: '" + text + "'");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a byte count (like 5g, 500m): '" + text + "'", e);
    }
  }
}
