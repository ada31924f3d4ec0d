package io.sediment.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a benchmark run (JMH's JSON and its console log with the {@code # sediment-metric} lines)
 * into BENCHMARKS.md: setup, the exact commands, tables of throughput, latency percentiles and
 * amplification, and PNG charts.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sediment.jmh.report.Report \
 *     --json bench/out/results.json --log bench/out/jmh.log \
 *     --out BENCHMARKS.md --charts bench/charts --revision abc123 --command "bench/run" \
 *     --version rocksdbjni=11.8.1 [--smoke]
 * </pre>
 *
 * <p>Exit code 2 with a usage message for a bad command line; 1 naming the file when reading or
 * writing fails.
 */
public final class Report {

  private Report() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    try {
      System.exit(run(args));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("report failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Writes the report for the command line {@code args} (see the class comment).
   *
   * @return 0 on success, 2 after printing a usage message for a bad command line
   * @throws IOException naming the file that cannot be read or written
   * @throws IllegalArgumentException when the JSON or a metric line is malformed
   */
  public static int run(String[] args) throws IOException {
    Path json = null;
    Path log = null;
    Path out = null;
    Path charts = null;
    String revision = "unknown";
    boolean smoke = false;
    List<String> commands = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--smoke")) {
        smoke = true;
        continue;
      }
      if (i + 1 >= args.length) {
        return usage("option " + a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--json" -> json = Path.of(v);
        case "--log" -> log = Path.of(v);
        case "--out" -> out = Path.of(v);
        case "--charts" -> charts = Path.of(v);
        case "--revision" -> revision = v;
        case "--command" -> commands.add(v);
        case "--version" -> versions.add(v);
        default -> {
          return usage("unknown option '" + a + "'");
        }
      }
    }
    if (json == null || log == null || out == null || charts == null) {
      return usage("--json, --log, --out and --charts are required");
    }
    String jsonText = read(json);
    String logText = read(log);
    Results results = Results.parse(jsonText, logText);
    Files.createDirectories(charts);
    String old = Files.exists(out) ? read(out) : "";
    String markdown;
    if (CheckpointSection.onlySectionRuns(jsonText) && !old.isEmpty()) {
      markdown = old;
    } else {
      // The tiered-reads, checkpoint and rescale sections come from their own runs: a rewrite of
      // the main suite's tables keeps the ones the file already has.
      markdown =
          new Report.Writer(results, out, charts, revision, commands, versions, smoke).write();
      String tiered =
          TieredReport.extractSection(RescaleSection.MARKERS.strip(CheckpointSection.strip(old)));
      if (!tiered.isEmpty()) {
        markdown = TieredReport.replaceSection(markdown, tiered);
      }
    }
    // Each its own or the one the file has: the checkpoint section, then the rescale section.
    markdown =
        CheckpointSection.compose(
            markdown,
            old,
            CheckpointSection.markdown(jsonText, logText, revision, commands, smoke));
    // The stream section comes from bench/run --stream alone: every other run keeps it.
    markdown = StreamSection.replace(markdown, StreamSection.extract(old));
    markdown =
        RescaleSection.MARKERS.compose(
            markdown, old, RescaleSection.markdown(jsonText, logText, revision, commands, smoke));
    // The Nexmark section comes from bench/run --nexmark alone: every other run keeps it.
    markdown = NexmarkSection.MARKERS.compose(markdown, old, "");
    try {
      Files.writeString(out, markdown, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    System.out.println("wrote " + out + " and charts in " + charts);
    return 0;
  }

  private static String read(Path p) throws IOException {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static int usage(String message) {
    System.err.println("report: " + message);
    System.err.println(
        "usage: Report --json FILE --log FILE --out FILE.md --charts DIR [--revision R]"
            + " [--command TEXT ...] [--version NAME=VERSION ...] [--smoke]");
    return 2;
  }

  /** Builds the markdown text and writes the charts. */
  static final class Writer {
    private final Results r;
    private final Path out;
    private final Path charts;
    private final String revision;
    private final List<String> commands;
    private final List<String> versions;
    private final boolean smoke;
    private final StringBuilder md = new StringBuilder();

    Writer(
        Results r,
        Path out,
        Path charts,
        String revision,
        List<String> commands,
        List<String> versions,
        boolean smoke) {
      this.r = r;
      this.out = out;
      this.charts = charts;
      this.revision = revision;
      this.commands = commands;
      this.versions = versions;
      this.smoke = smoke;
    }

    String write() throws IOException {
      line("# Benchmarks: Sediment side by side with RocksDB and ForSt");
      line("");
      line(
          "Everything below is generated by `bench/run` (JMH, then"
              + " `io.sediment.jmh.report.Report`); do not edit by hand. The workloads are"
              + " db_bench's, run through the same `KvStore` interface on each engine with the"
              + " same memtable, block cache, block size, bloom filter and LZ4 compression, no"
              + " write-ahead log (see `jmh/src/main/java/io/sediment/jmh`). In"
              + " readwhilewriting the writer is paced to 2 MiB of keys and values a second, as"
              + " RocksDB's benchmark scripts pace it, so that every engine's reader works under"
              + " the same write load (`-p writeBytesPerSecond=0` lets the writer run flat out).");
      line("");
      if (smoke) {
        line(
            "> **Pipeline smoke run, not results.** These figures come from `bench/run --smoke`:"
                + " tiny stores, one very short iteration per trial, on a shared and loaded"
                + " machine. They only show that the pipeline works end to end. Run `bench/run`"
                + " on a quiet machine for real figures.");
        line("");
      }
      line("## Reproducing");
      line("");
      line(
          "`bench/run` runs the standard suite (under 20 minutes on 2 cores: 200,000 keys per"
              + " store, an 8 MiB memtable, one fork per trial, 1 x 3 s warm-up and 3 x 3 s"
              + " measurement) and rewrites the sections below up to the tiered reads;"
              + " `bench/run --tiered`, `bench/run --checkpoint` and `bench/run --rescale`"
              + " rewrite just their own"
              + " sections, and `bench/run --smoke` checks the pipeline in a few minutes. Extra"
              + " arguments go to JMH, e.g. `bench/run ReadRandom -p engine=SEDIMENT`. Raw JMH"
              + " JSON and logs are kept in `bench/out/`.");
      line("");
      setup();
      throughput();
      latency();
      amplification();
      return md.toString();
    }

    private void setup() {
      line("## Setup");
      line("");
      line("| | |");
      line("|---|---|");
      line("| machine | " + Environment.machine() + " |");
      line(
          "| JVM | "
              + r.jvm.getOrDefault("vmName", "?")
              + " "
              + r.jvm.getOrDefault("vmVersion", "?")
              + " (JDK "
              + r.jvm.getOrDefault("jdkVersion", "?")
              + "), forked with `"
              + r.jvm.getOrDefault("jvmArgs", "?")
              + "` |");
      line("| Sediment | revision `" + revision + "` |");
      line("| RocksDB | native library reports " + Environment.rocksDbVersion() + " |");
      line(
          "| ForSt | native library reports "
              + Environment.forStVersion()
              + " (its RocksDB base) |");
      for (String v : versions) {
        int eq = v.indexOf('=');
        line("| " + (eq < 0 ? v + " | " : v.substring(0, eq) + " | " + v.substring(eq + 1)) + " |");
      }
      line("");
      if (!commands.isEmpty()) {
        line("Commands:");
        line("");
        line("```");
        commands.forEach(this::line);
        line("```");
        line("");
      }
    }

    private void throughput() throws IOException {
      List<String[]> rows = r.rows("thrpt");
      if (rows.isEmpty()) {
        return;
      }
      List<String> engines = r.engines();
      line("## Throughput (operations per second, higher is better)");
      line("");
      StringBuilder head = new StringBuilder("| workload | key/value bytes |");
      StringBuilder rule = new StringBuilder("|---|---|");
      for (String e : engines) {
        head.append(' ').append(e).append(" |");
        rule.append("---:|");
      }
      if (engines.contains("SEDIMENT") && engines.contains("ROCKSDB")) {
        head.append(" Sediment / RocksDB |");
        rule.append("---:|");
      }
      line(head.toString());
      line(rule.toString());
      for (String[] row : rows) {
        StringBuilder sb = new StringBuilder("| " + row[0] + " | " + row[1] + " |");
        for (String e : engines) {
          Results.Score s = r.find(row[0], e, row[1], "thrpt");
          sb.append(' ').append(s == null ? "" : opsPerSecond(s)).append(" |");
        }
        if (engines.contains("SEDIMENT") && engines.contains("ROCKSDB")) {
          Results.Score a = r.find(row[0], "SEDIMENT", row[1], "thrpt");
          Results.Score b = r.find(row[0], "ROCKSDB", row[1], "thrpt");
          sb.append(' ')
              .append(
                  a == null || b == null || b.score() == 0
                      ? ""
                      : String.format(Locale.ROOT, "%.2f", a.score() / b.score()))
              .append(" |");
        }
        line(sb.toString());
      }
      line("");
      for (String shape : shapes(rows)) {
        List<String> cats = new ArrayList<>();
        for (String[] row : rows) {
          if (row[1].equals(shape)) {
            cats.add(row[0]);
          }
        }
        double[][] v = new double[engines.size()][cats.size()];
        for (int e = 0; e < engines.size(); e++) {
          for (int c = 0; c < cats.size(); c++) {
            Results.Score s = r.find(cats.get(c), engines.get(e), shape, "thrpt");
            v[e][c] = s == null ? Double.NaN : perSecond(s);
          }
        }
        String name = "throughput-" + shape.replace('/', '-') + ".png";
        Charts.bars(
            charts.resolve(name),
            "Throughput, " + shape + "-byte keys/values",
            "ops/s",
            cats,
            engines,
            v);
        line("![throughput " + shape + "](" + link(name) + ")");
        line("");
      }
    }

    private void latency() throws IOException {
      List<String[]> rows = r.rows("sample");
      if (rows.isEmpty()) {
        return;
      }
      List<String> engines = r.engines();
      line("## Latency (microseconds per operation, sampled; lower is better)");
      line("");
      StringBuilder head = new StringBuilder("| workload | key/value bytes |");
      StringBuilder rule = new StringBuilder("|---|---|");
      for (String e : engines) {
        head.append(' ').append(e).append(" p50 | ").append(e).append(" p99 |");
        rule.append("---:|---:|");
      }
      line(head.toString());
      line(rule.toString());
      List<String> cats = new ArrayList<>();
      double[][] p99 = new double[engines.size()][rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        String[] row = rows.get(i);
        cats.add(row[0] + " " + row[1]);
        StringBuilder sb = new StringBuilder("| " + row[0] + " | " + row[1] + " |");
        for (int e = 0; e < engines.size(); e++) {
          Results.Score s = r.find(row[0], engines.get(e), row[1], "sample");
          sb.append(' ')
              .append(s == null ? "" : micros(s, s.p50()))
              .append(" | ")
              .append(s == null ? "" : micros(s, s.p99()))
              .append(" |");
          p99[e][i] = s == null ? Double.NaN : toMicros(s, s.p99());
        }
        line(sb.toString());
      }
      line("");
      Charts.bars(charts.resolve("latency-p99.png"), "p99 latency", "us", cats, engines, p99);
      line("![p99 latency](" + link("latency-p99.png") + ")");
      line("");
    }

    private void amplification() {
      if (r.metrics.isEmpty()) {
        return;
      }
      List<String> engines = r.engines();
      line("## Write and space amplification (lower is better)");
      line("");
      line(
          "Write amplification: bytes the engine wrote to SST files (flushes and compactions)"
              + " per byte of keys and values written, the latter counted by the harness alike"
              + " for every engine, at the end of the trial (data still in the memtable is not"
              + " counted). Trials run for a fixed time, so a faster engine has done more work"
              + " when it is measured; io.sediment.jmh.EqualWorkOverwrite compares engines at"
              + " equal work. Space amplification: bytes of live SST files per"
              + " byte of distinct user data, after a flush; below 1 because values compress to"
              + " about half.");
      line("");
      StringBuilder head = new StringBuilder("| workload | key/value bytes | metric |");
      StringBuilder rule = new StringBuilder("|---|---|---|");
      for (String e : engines) {
        head.append(' ').append(e).append(" |");
        rule.append("---:|");
      }
      line(head.toString());
      line(rule.toString());
      Set<String> keys = new LinkedHashSet<>();
      for (String k : r.metrics.keySet()) {
        String[] p = k.split("\\|");
        keys.add(p[0] + "|" + p[2] + "|" + p[3]);
      }
      for (String k : keys) {
        String[] p = k.split("\\|");
        StringBuilder sb = new StringBuilder("| " + p[0] + " | " + p[1] + " | " + p[2] + " |");
        for (String e : engines) {
          Double v = r.metrics.get(p[0] + "|" + e + "|" + p[1] + "|" + p[2]);
          sb.append(' ')
              .append(v == null ? "" : String.format(Locale.ROOT, "%.2f", v))
              .append(" |");
        }
        line(sb.toString());
      }
      line("");
    }

    private static List<String> shapes(List<String[]> rows) {
      Set<String> s = new LinkedHashSet<>();
      rows.forEach(row -> s.add(row[1]));
      return new ArrayList<>(s);
    }

    private static double perSecond(Results.Score s) {
      String unit = s.unit();
      double v = s.score();
      if (unit.endsWith("/ms")) {
        return v * 1e3;
      }
      if (unit.endsWith("/us")) {
        return v * 1e6;
      }
      return v;
    }

    private static String opsPerSecond(Results.Score s) {
      return String.format(Locale.ROOT, "%,.0f", perSecond(s));
    }

    private static double toMicros(Results.Score s, double v) {
      String unit = s.unit();
      if (unit.startsWith("ns")) {
        return v / 1e3;
      }
      if (unit.startsWith("ms")) {
        return v * 1e3;
      }
      if (unit.startsWith("s/")) {
        return v * 1e6;
      }
      return v;
    }

    private static String micros(Results.Score s, double v) {
      return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", toMicros(s, v));
    }

    /** The chart's path relative to the markdown file. */
    private String link(String name) {
      Path base = out.toAbsolutePath().getParent();
      return base.relativize(charts.toAbsolutePath().resolve(name)).toString().replace('\\', '/');
    }

    private void line(String s) {
      md.append(s).append('\n');
    }
  }
}
