package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.Compression;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbSettings;
import io.sediment.lsm.DbStats;
import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.Workload;
import io.sediment.workloads.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code sediment bench <workload> [options]}: a db_bench-style run of one workload on Sediment,
 * with a progress bar on a terminal and a summary table: throughput, p50/p99/max latency from a
 * histogram, and the store's write amplification.
 *
 * <p>A workload that writes ends with a flush, so that what it wrote reaches SST files and the
 * write amplification counts it. The flush is timed and printed separately: it is not part of the
 * measured phase, so ops/s and latencies are those of the operations alone, as in db_bench.
 *
 * <p>Like {@code demo}, the default directory ({@code sediment-data/bench/<workload>}) is wiped
 * first and a directory given with {@code --fs} must be new or empty.
 */
final class BenchCommand implements Command {

  private final LongSupplier nanoClock;
  private final boolean terminal;

  BenchCommand(LongSupplier nanoClock, boolean terminal) {
    this.nanoClock = nanoClock;
    this.terminal = terminal;
  }

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String usage() {
    List<String> names = new ArrayList<>();
    for (Workload w : Workload.values()) {
      names.add(w.commandName());
    }
    return String.join(
        System.lineSeparator(),
        "  bench <workload> [--fs URI] [--latency-ms N] [--keys N] [--value-size N]",
        "        [--key-size N] [--threads N] [--settings TEXT] [-Dkey=value ...]",
        "      run a db_bench-style workload on Sediment and print ops/s, p50/p99 latency and",
        "      write amplification. Workloads:",
        "      " + String.join(", ", names) + ".",
        "      --fs: store directory URI, new or empty (default file://<repository>/",
        "      sediment-data/bench/<workload>, wiped first); --latency-ms: add N ms to every",
        "      file-system operation (the latency+ wrapper); --keys (default 100000): key count,",
        "      and operations (seekrandom: keys/10 scans of 100 entries); --value-size (100),",
        "      --key-size (16, at least 8); --threads (1): threads issuing operations;",
        "      --settings: store settings as key=value,... (see docs/operations.md), the",
        "      others at their defaults. The settings the run used are printed.");
  }

  /**
   * The store's settings: LZ4 and the engine's defaults, changed by {@code text} when given.
   *
   * @throws UsageException naming the key and the value when the text does not parse
   */
  static DbSettings settings(String text) throws UsageException {
    try {
      return DbSettings.builder()
          .compression(Compression.LZ4)
          .apply(text == null ? "" : text)
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad --settings: " + e.getMessage());
    }
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a =
        new Arguments(
            name(),
            args,
            Set.of("fs", "latency-ms", "keys", "value-size", "key-size", "threads", "settings"),
            Set.of());
    a.expectPositional(name(), 1, "one workload");
    Workload workload;
    try {
      workload = Workload.byName(a.positional().get(0));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    long latencyMs = a.longOption("latency-ms", 0, 0, 10_000);
    long keys = a.longOption("keys", 100_000, 1, 1L << 40);
    int valueSize = (int) a.longOption("value-size", 100, 0, 64 << 20);
    int keySize = (int) a.longOption("key-size", 16, 8, 64 << 10);
    int threads = (int) a.longOption("threads", 1, 1, 1024);
    DbSettings settings = settings(a.option("settings"));
    Configuration conf = a.conf();

    URI dir;
    if (a.option("fs") == null) {
      dir = Arguments.defaultDataDir("bench/" + workload.commandName());
      try (FileSystemView view = FileSystemView.open(dir, conf)) {
        view.deleteRecursively(view.root());
      }
    } else {
      dir = Arguments.toUri(a.option("fs"));
      try (FileSystemView view = FileSystemView.open(dir, conf)) {
        if (view.exists(view.root()) && !view.list(view.root()).isEmpty()) {
          err.println("sediment bench: " + dir + " exists and is not empty; give a new directory");
          return Main.FAILED;
        }
      }
    }
    if (latencyMs > 0) {
      dir = URI.create("latency+" + dir);
      conf.set("sediment.fs.latency.default", latencyMs + "ms");
    }

    KeyValueGenerator data = new KeyValueGenerator(keySize, valueSize, Workloads.DATA_SEED);
    DbOptions options =
        DbOptions.builder(dir.toString())
            .hadoopConfiguration(conf)
            .mergeFunction(Workloads.counterMerge())
            .settings(settings)
            .build();
    out.printf(
        "bench %s: %d keys, %d-byte keys, %d-byte values, %d thread%s, %s%s%n",
        workload.commandName(),
        keys,
        keySize,
        valueSize,
        threads,
        threads == 1 ? "" : "s",
        dir,
        latencyMs > 0 ? " (+" + latencyMs + " ms per file-system operation)" : "");
    out.println("settings " + settings);
    try (Db db = Db.open(options)) {
      if (workload.preparation() != Workload.Preparation.EMPTY) {
        long start = nanoClock.getAsLong();
        ProgressBar bar = new ProgressBar(err, terminal, "loading", keys);
        AtomicLong loaded = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread drawer = bar.start(loaded::get, done::get, 200);
        BenchOps.prepare(workload, db, data, keys, loaded::lazySet);
        done.set(true);
        join(drawer);
        out.printf(
            "loaded %d keys in %.1f s (not measured)%n",
            keys, (nanoClock.getAsLong() - start) / 1e9);
      }
      BenchResult result = measure(db, workload, data, keys, threads, err);
      long flushNanos = -1;
      if (workload.writes()) {
        long flushStart = nanoClock.getAsLong();
        db.flush();
        flushNanos = nanoClock.getAsLong() - flushStart;
      }
      printSummary(out, workload, result, flushNanos, db.stats());
    }
    return Main.OK;
  }

  /** The outcome of the measured phase. */
  record BenchResult(
      long operations, long items, long writerOps, long elapsedNanos, LatencyHistogram latency) {}

  private BenchResult measure(
      Db db, Workload workload, KeyValueGenerator data, long keys, int threads, PrintStream err)
      throws IOException {
    long ops = workload.operations(keys);
    AtomicLong done = new AtomicLong();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean stopWriter = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    ProgressBar bar = new ProgressBar(err, terminal, workload.commandName(), ops);
    Thread drawer = bar.start(done::get, finished::get, 200);
    try {
      Future<Long> writer = null;
      if (workload == Workload.READWHILEWRITING) {
        writer =
            pool.submit(
                () -> {
                  SplittableRandom random = workload.writerRandom();
                  long writes = 0;
                  while (!stopWriter.get()) {
                    long k = random.nextLong(keys);
                    db.put(data.key(k), data.value(workload.valueIndex(k, writes)));
                    writes++;
                  }
                  return writes;
                });
      }
      long start = nanoClock.getAsLong();
      List<Future<long[]>> parts = new ArrayList<>();
      List<LatencyHistogram> histograms = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long from = ops * t / threads;
        long to = ops * (t + 1) / threads;
        LatencyHistogram h = new LatencyHistogram();
        histograms.add(h);
        SplittableRandom random = workload.random(t);
        parts.add(
            pool.submit(
                () -> {
                  long items = 0;
                  for (long i = from; i < to; i++) {
                    long opStart = nanoClock.getAsLong();
                    items += BenchOps.step(workload, db, data, random, i, keys);
                    h.record(nanoClock.getAsLong() - opStart);
                    done.incrementAndGet();
                  }
                  return new long[] {items};
                }));
      }
      long items = 0;
      for (Future<long[]> part : parts) {
        items += get(part)[0];
      }
      long elapsed = nanoClock.getAsLong() - start;
      stopWriter.set(true);
      long writerOps = writer == null ? 0 : get(writer);
      LatencyHistogram all = new LatencyHistogram();
      histograms.forEach(all::add);
      return new BenchResult(ops, items, writerOps, elapsed, all);
    } finally {
      stopWriter.set(true);
      finished.set(true);
      join(drawer);
      pool.shutdownNow();
    }
  }

  private static <T> T get(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the benchmark threads", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }

  private static void join(Thread t) throws IOException {
    if (!t.isAlive()) {
      return;
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while drawing progress", e);
    }
  }

  /**
   * Prints the summary table, the workload's own figures, the final flush ({@code flushNanos}, or
   * negative when there was none) and the store's statistics, with a legend for write-amp.
   */
  static void printSummary(
      PrintStream out, Workload w, BenchResult r, long flushNanos, DbStats stats) {
    double seconds = r.elapsedNanos() / 1e9;
    out.println();
    out.printf(
        "%-17s %10s %12s %10s %10s %10s %9s%n",
        "workload", "ops", "ops/s", "p50", "p99", "max", "write-amp");
    out.printf(
        "%-17s %10d %12.0f %10s %10s %10s %9.2f%n",
        w.commandName(),
        r.operations(),
        seconds == 0 ? 0 : r.operations() / seconds,
        Units.nanos(r.latency().percentile(0.50)),
        Units.nanos(r.latency().percentile(0.99)),
        Units.nanos(r.latency().max()),
        stats.writeAmplification());
    switch (w) {
      case READRANDOM, READWHILEWRITING ->
          out.printf("found %d of %d keys read%n", r.items(), r.operations());
      case SEEKRANDOM ->
          out.printf(
              "%d entries scanned in %d seeks (%.1f per seek)%n",
              r.items(), r.operations(), (double) r.items() / r.operations());
      default -> {}
    }
    if (w == Workload.READWHILEWRITING) {
      out.printf(
          "the writer thread overwrote %d keys meanwhile (%.0f writes/s)%n",
          r.writerOps(), seconds == 0 ? 0 : r.writerOps() / seconds);
    }
    out.printf("measured for %.2f s", seconds);
    if (flushNanos >= 0) {
      out.printf(
          "; then flushed the memtable in %.2f s (not in ops/s or latencies)", flushNanos / 1e9);
    }
    out.printf("; store statistics:%n");
    StoreDemo.printStats(out, stats);
    out.println(
        "write-amp: bytes written to SST files (flushes and compactions) per byte of keys and"
            + " values the workload wrote;");
    out.println(
        "           below 1.00 when compression (LZ4 here) stores the data in fewer bytes than"
            + " it had.");
  }
}
