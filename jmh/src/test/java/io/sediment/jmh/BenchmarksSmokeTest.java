package io.sediment.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.jmh.report.Report;
import io.sediment.jmh.report.TieredReport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every benchmark on every engine and shape, once, in this JVM (fork 0), with tiny stores and one
 * short iteration: the benchmarks still set up, check and tear down for real, and print their
 * metric lines. Also shows that rocksdbjni and forstjni load side by side in one JVM.
 */
class BenchmarksSmokeTest {

  /** Single-shot benchmarks with their own parameters: smoke-run by their own test below. */
  private static final String CHECKPOINT_BENCHMARKS =
      "io\\.sediment\\.jmh\\.(Checkpoint|Restore)Benchmark";

  /** The rescale benchmarks: their own run and sizes, smoke-run below. */
  private static final String RESCALE_BENCHMARKS =
      "io\\.sediment\\.jmh\\.(RescaleBenchmark|RescaledReadBenchmark)";

  /**
   * The tiered-reads benchmarks: their own run, their own sizes (see {@link
   * #tieredReadsRunOnEveryStoreAndMakeTheirSection}).
   */
  static final String TIERED = "io\\.sediment\\.jmh\\.(Tiered.*|FileCacheHit)Benchmark";

  @TempDir Path tmp;

  @Test
  void everyBenchmarkRunsOnEveryEngine() throws Exception {
    System.setProperty("sediment.bench.dir", tmp.toString());
    // JMH takes a lock file in the temporary directory, which the build may not have created.
    java.nio.file.Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    Options options =
        new OptionsBuilder()
            .include("io\\.sediment\\.jmh\\..*Benchmark")
            .exclude(CHECKPOINT_BENCHMARKS)
            .exclude(RESCALE_BENCHMARKS)
            .exclude(TIERED)
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .param("keys", "2000")
            .param("keySpace", "2000")
            .param("memtableBytes", "262144")
            .param("blockCacheBytes", "4194304")
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(tmp.resolve("results.json").toString())
            .build();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    Collection<RunResult> results;
    try (PrintStream tee =
        new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8)) {
      System.setOut(tee);
      results = new Runner(options).run();
    } finally {
      System.setOut(original);
    }
    Set<String> seen = new TreeSet<>();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      seen.add(method + " " + r.getParams().getParam("engine"));
      assertTrue(r.getPrimaryResult().getScore() > 0, method + " scored nothing");
    }
    // 9 benchmark methods (readwhilewriting is one group) on 3 engines.
    assertEquals(27, seen.size(), seen.toString());
    String out = captured.toString(StandardCharsets.UTF_8);
    for (Engine engine : Engine.values()) {
      assertTrue(
          out.contains("# sediment-metric mergerandom " + engine + " 16/8 writeAmp"), "merge");
      for (String shape : new String[] {"16/100", "20/400"}) {
        for (String metric :
            new String[] {
              "fillrandom " + engine + " " + shape + " writeAmplification",
              "fillseq " + engine + " " + shape + " spaceAmplification",
              "overwrite " + engine + " " + shape + " spaceAmplification",
              "readrandom " + engine + " " + shape + " spaceAmplification",
              "seekrandom " + engine + " " + shape + " spaceAmplification",
              "readwhilewriting " + engine + " " + shape + " writeAmplification"
            }) {
          assertTrue(out.contains("# sediment-metric " + metric + " "), metric);
        }
      }
    }

    // The report turns the JSON and the metric lines into markdown and charts.
    Path log = Files.writeString(tmp.resolve("jmh.log"), out);
    Path md = tmp.resolve("BENCHMARKS.md");
    Path charts = tmp.resolve("charts");
    int code =
        Report.run(
            new String[] {
              "--json", tmp.resolve("results.json").toString(),
              "--log", log.toString(),
              "--out", md.toString(),
              "--charts", charts.toString(),
              "--command", "a test",
              "--smoke"
            });
    assertEquals(0, code);
    String report = Files.readString(md);
    assertTrue(report.contains("Pipeline smoke run, not results"), report);
    assertTrue(report.contains("| readwhilewriting (read) | 16/100 |"), report);
    assertTrue(report.contains("| mergerandom | 16/8 | writeAmplification |"), report);
    assertTrue(report.contains("| seekrandom | 20/400 |"), report);
    assertTrue(report.contains("![throughput 16/100](charts/throughput-16-100.png)"), report);
    for (String png :
        new String[] {"throughput-16-100.png", "throughput-20-400.png", "latency-p99.png"}) {
      assertTrue(Files.size(charts.resolve(png)) > 1000, png);
    }
  }

  @Test
  void checkpointAndRestoreBenchmarksRunOnBothEnginesAndFileSystems() throws Exception {
    System.setProperty("sediment.bench.dir", tmp.toString());
    java.nio.file.Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    Options options =
        new OptionsBuilder()
            .include(CHECKPOINT_BENCHMARKS)
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(2)
            .param("stateMb", "2")
            .param("dirtyBytes", "65536")
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(tmp.resolve("checkpoint.json").toString())
            .build();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    Collection<RunResult> results;
    try (PrintStream tee =
        new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8)) {
      System.setOut(tee);
      results = new Runner(options).run();
    } finally {
      System.setOut(original);
    }
    Set<String> seen = new TreeSet<>();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      seen.add(
          method + " " + r.getParams().getParam("engine") + " " + r.getParams().getParam("fs"));
      assertTrue(r.getPrimaryResult().getScore() > 0, method + " scored nothing");
    }
    // 3 benchmark methods on 2 engines and 2 file systems.
    assertEquals(12, seen.size(), seen.toString());
    String out = captured.toString(StandardCharsets.UTF_8);
    for (String engine : new String[] {"SEDIMENT", "ROCKSDB"}) {
      assertTrue(out.contains("# sediment-checkpoint-state " + engine + " 2 "), engine);
    }
    // Only checkpoint runs: the report replaces just its section of an existing file.
    Path log = Files.writeString(tmp.resolve("checkpoint.log"), out);
    Path md = Files.writeString(tmp.resolve("BENCHMARKS.md"), "# Kept\n\nearlier figures\n");
    int code =
        Report.run(
            new String[] {
              "--json", tmp.resolve("checkpoint.json").toString(),
              "--log", log.toString(),
              "--out", md.toString(),
              "--charts", tmp.resolve("charts").toString(),
              "--command", "a test",
              "--smoke"
            });
    assertEquals(0, code);
    String report = Files.readString(md);
    assertTrue(report.startsWith("# Kept\n\nearlier figures\n"), report);
    assertTrue(report.contains("## Checkpoint and restore"), report);
    assertTrue(report.contains("| restoreToFirstRead | LATENCY | 2 MiB target"), report);
    assertTrue(report.contains("| checkpointWithFlush | FILE |"), report);
  }

  @Test
  void rescaleBenchmarksRunOnBothEnginesShapesAndFileSystems() throws Exception {
    System.setProperty("sediment.bench.dir", tmp.toString());
    java.nio.file.Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    Options options =
        new OptionsBuilder()
            .include(RESCALE_BENCHMARKS)
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(2)
            .measurementTime(TimeValue.milliseconds(50))
            .param("stateMb", "2")
            .param("rocksDbMerge", "INGEST", "WRITE_BATCH")
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(tmp.resolve("rescale.json").toString())
            .build();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    Collection<RunResult> results;
    try (PrintStream tee =
        new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8)) {
      System.setOut(tee);
      results = new Runner(options).run();
    } finally {
      System.setOut(original);
    }
    Set<String> seen = new TreeSet<>();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      String engine = r.getParams().getParam("engine");
      seen.add(
          String.join(
              " ",
              method,
              engine == null ? r.getParams().getParam("layout") : engine,
              engine == null ? "" : r.getParams().getParam("rocksDbMerge"),
              r.getParams().getParam("shape"),
              r.getParams().getParam("fs")));
      assertTrue(r.getPrimaryResult().getScore() > 0, method + " scored nothing");
    }
    // Rescale: 2 engines x 2 merge modes x 2 shapes x 2 file systems; reads: 2 methods x 2
    // layouts x 2 shapes on FILE.
    assertEquals(16 + 8, seen.size(), seen.toString());
    String out = captured.toString(StandardCharsets.UTF_8);
    for (String shape : new String[] {"TWO_TO_ONE", "ONE_TO_TWO"}) {
      for (String engine : new String[] {"SEDIMENT", "ROCKSDB"}) {
        assertTrue(out.contains("# sediment-rescale-state " + engine + " " + shape + " 2 "), shape);
      }
      for (String engine : new String[] {"SEDIMENT", "ROCKSDB-INGEST", "ROCKSDB-WRITE_BATCH"}) {
        assertTrue(out.contains("# sediment-rescale-open " + engine + " " + shape + " LATENCY 2 "));
      }
    }
    assertTrue(out.contains("# sediment-rescale-read-state ONE_TO_TWO 2 FILE RESCALED "), out);
    assertTrue(out.contains("# sediment-rescale-read-compactions TWO_TO_ONE 2 FILE COMPACTED "));

    // Only rescale runs: the report replaces just its section, after the checkpoint section.
    Path log = Files.writeString(tmp.resolve("rescale.log"), out);
    String checkpoint =
        "<!-- checkpoint-section:start -->\n## Checkpoint and restore\n\nold\n"
            + "<!-- checkpoint-section:end -->\n";
    Path md = Files.writeString(tmp.resolve("BENCHMARKS.md"), "# Kept\n\nearlier\n\n" + checkpoint);
    String[] args = {
      "--json", tmp.resolve("rescale.json").toString(),
      "--log", log.toString(),
      "--out", md.toString(),
      "--charts", tmp.resolve("charts").toString(),
      "--command", "a test",
      "--smoke"
    };
    assertEquals(0, Report.run(args));
    assertEquals(0, Report.run(args), "a second run replaces the section");
    String report = Files.readString(md);
    assertTrue(report.startsWith("# Kept\n\nearlier\n\n" + checkpoint + "\n"), report);
    assertEquals(report.indexOf("\n## Rescale ("), report.lastIndexOf("\n## Rescale ("), report);
    assertTrue(report.contains("| 1 → 2 | LATENCY | 2 MiB target"), report);
    assertTrue(report.contains("| 2 → 1 | 2 MiB | FILE | scan |"), report);
    assertTrue(report.contains("rescale 2 → 1 on FILE, median to first read at most 200 ms"));
    assertTrue(report.contains(" ROCKSDB-WRITE_BATCH first read | best RocksDB / Sediment |"));
    assertTrue(report.endsWith("<!-- rescale-section:end -->\n"), report);
  }

  @Test
  void tieredReadsRunOnEveryStoreAndMakeTheirSection() throws Exception {
    System.setProperty("sediment.bench.dir", tmp.toString());
    java.nio.file.Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    Options options =
        new OptionsBuilder()
            .include(TIERED)
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .param("datasetKeys", "20000")
            .param("warmupGets", "2000")
            .param("remoteReadMicros", "50")
            .param("fileBytes", "4194304")
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(tmp.resolve("tiered.json").toString())
            .build();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    Collection<RunResult> results;
    try (PrintStream tee =
        new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8)) {
      System.setOut(tee);
      results = new Runner(options).run();
    } finally {
      System.setOut(original);
    }
    Set<String> seen = new TreeSet<>();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      String store = r.getParams().getParam("store");
      String open = r.getParams().getParam("maxOpenFiles");
      seen.add(method + " " + (store != null ? store : open));
      assertTrue(r.getPrimaryResult().getScore() > 0, method + " scored nothing");
    }
    // 2 zipfian methods on 4 stores, 3 uniform reads on one, 2 hit methods with 2 pool sizes,
    // 2 batch methods on 2 stores.
    assertEquals(2 * 4 + 3 + 2 * 2 + 2 * 2, seen.size(), seen.toString());
    String out = captured.toString(StandardCharsets.UTF_8);
    for (TieredStore store : TieredStore.values()) {
      assertTrue(
          out.contains("# sediment-metric zipfian " + store + " 16/100 cacheMiB "), "" + store);
    }
    assertTrue(out.contains("# sediment-metric zipfian REMOTE_SEGMENTS 16/100 fileCacheHitRate "));
    assertTrue(
        out.contains("# sediment-metric zipfianBatch REMOTE_SEGMENTS 16/100 fileCacheHitRate "));
    try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
      assertEquals(
          0,
          left.filter(p -> p.getFileName().toString().startsWith("tiered-file-cache-")).count(),
          "file caches are deleted with their trial");
    }

    Path log = Files.writeString(tmp.resolve("tiered.log"), out);
    Path md = Files.writeString(tmp.resolve("BENCHMARKS.md"), "# B\n\n## Setup\n\nkept\n");
    String[] args = {
      "--json", tmp.resolve("tiered.json").toString(),
      "--log", log.toString(),
      "--out", md.toString(),
      "--command", "a test",
      "--smoke"
    };
    assertEquals(0, TieredReport.run(args));
    assertEquals(0, TieredReport.run(args), "a second run replaces the section");
    String report = Files.readString(md);
    assertTrue(report.startsWith("# B\n\n## Setup\n\nkept\n\n## Tiered reads\n"), report);
    assertEquals(report.indexOf("## Tiered reads"), report.lastIndexOf("## Tiered reads"), report);
    assertTrue(report.contains("| REMOTE_WHOLE_FILE |"), report);
    assertTrue(report.contains("| multiGet |"), report);
    assertTrue(report.contains("| 2 |"), report);
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
