package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The overwrite workload with a fixed amount of work, to compare write amplification across
 * engines. {@link OverwriteBenchmark} measures throughput over fixed time, so a faster engine does
 * more overwrites in a trial, moves further from the freshly loaded state and reports a higher
 * write amplification for it; here every engine loads the same keys and then performs the same
 * overwrites (the benchmark's key and value choice, 64 MiB memtable, 256 MiB block cache), and
 * write amplification is measured at the same point for all of them:
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sediment.jmh.EqualWorkOverwrite SEDIMENT 2000000 8000000
 * </pre>
 */
public final class EqualWorkOverwrite {

  private EqualWorkOverwrite() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println(
          "usage: EqualWorkOverwrite <SEDIMENT|ROCKSDB|FORST> <keys> <overwrites> [key/value]");
      System.exit(2);
    }
    Engine engine = Engine.valueOf(args[0].toUpperCase(Locale.ROOT));
    long keys = Long.parseLong(args[1]);
    long overwrites = Long.parseLong(args[2]);
    String shape = args.length > 3 ? args[3] : "16/100";
    KeyValueGenerator kv = KeyValueGenerator.ofShape(shape);
    try (StoreFixture fixture = new StoreFixture(engine, BenchSettings.of(64L << 20, 256L << 20))) {
      long start = System.nanoTime();
      fixture.load(kv, keys);
      double loadWa = fixture.store.writeAmplification();
      long loaded = System.nanoTime();
      SplittableRandom random = new SplittableRandom(11);
      for (long i = 0; i < overwrites; i++) {
        long index = random.nextLong(keys);
        fixture.store.put(kv.key(index), kv.value(index + 1));
      }
      long done = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "%s %s: loaded %,d keys in %.1f s (write amplification %.3f), then %,d overwrites in"
              + " %.1f s (%,.0f ops/s); %,d bytes of keys and values, %,d bytes of SSTs written:"
              + " write amplification %.3f%n",
          engine,
          shape,
          keys,
          (loaded - start) / 1e9,
          loadWa,
          overwrites,
          (done - loaded) / 1e9,
          overwrites / ((done - loaded) / 1e9),
          fixture.store.userBytesWritten(),
          fixture.store.sstBytesWritten(),
          fixture.store.writeAmplification());
      BenchReport.writeAmplification(
          "overwrite-equal-work", engine, shape, fixture.store.writeAmplification());
    }
  }
}
