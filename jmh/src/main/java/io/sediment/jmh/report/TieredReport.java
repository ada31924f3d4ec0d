package io.sediment.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the "Tiered reads" section of BENCHMARKS.md from a run of the tiered-reads benchmarks
 * ({@code TieredReadsBenchmark}, {@code TieredAsyncReadsBenchmark}, {@code FileCacheHitBenchmark}):
 * the JMH JSON plus the {@code # sediment-metric} lines of the console log. The section replaces an
 * existing one in the file (from its heading to the next {@code ## } heading) or is appended, so it
 * can be refreshed without rerunning the rest of the suite.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sediment.jmh.report.TieredReport \
 *     --json bench/out/tiered.json --log bench/out/tiered.log --out BENCHMARKS.md \
 *     [--command TEXT ...] [--revision R] [--smoke]
 * </pre>
 *
 * <p>Exit code 2 with a usage message for a bad command line; 1 naming the file when reading or
 * writing fails.
 */
public final class TieredReport {

  static final String HEADING = "## Tiered reads";

  private static final Pattern METRIC =
      Pattern.compile("# sediment-metric (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)");

  private TieredReport() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("tiered report failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Writes the section for the command line {@code args} (see the class comment).
   *
   * @return 0 on success, 2 after printing a usage message for a bad command line
   * @throws IOException naming the file that cannot be read or written
   * @throws IllegalArgumentException when the JSON is not JMH's
   */
  public static int run(String[] args) throws IOException {
    Path json = null;
    Path log = null;
    Path out = null;
    String revision = "unknown";
    boolean smoke = false;
    List<String> commands = new ArrayList<>();
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
        case "--revision" -> revision = v;
        case "--command" -> commands.add(v);
        default -> {
          return usage("unknown option '" + a + "'");
        }
      }
    }
    if (json == null || log == null || out == null) {
      return usage("--json, --log and --out are required");
    }
    String section = section(read(json), read(log), revision, commands, smoke);
    String existing = Files.exists(out) ? read(out) : "# Benchmarks\n\n";
    try {
      Files.writeString(out, replaceSection(existing, section), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    System.out.println("wrote the tiered-reads section of " + out);
    return 0;
  }

  /** {@code doc} with its tiered-reads section replaced by {@code section}, or with it appended. */
  static String replaceSection(String doc, String section) {
    int start = doc.indexOf(HEADING + "\n");
    if (start < 0) {
      return doc + (doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n") + section;
    }
    int end = sectionEnd(doc, start);
    return doc.substring(0, start) + section + (end < 0 ? "" : doc.substring(end + 1));
  }

  /** The tiered-reads section {@code doc} holds, or "" if none. */
  static String extractSection(String doc) {
    int start = doc.indexOf(HEADING + "\n");
    if (start < 0) {
      return "";
    }
    int end = sectionEnd(doc, start);
    return end < 0 ? doc.substring(start) : doc.substring(start, end + 1);
  }

  /**
   * Index of the newline before whatever follows the section starting at {@code start}: the next
   * top-level heading or the checkpoint, rescale, stream or Nexmark section's marker; -1 if the
   * section runs to the end.
   */
  private static int sectionEnd(String doc, int start) {
    int heading = doc.indexOf("\n## ", start + HEADING.length());
    int end = heading;
    for (String opening :
        new String[] {
          CheckpointSection.START, RescaleSection.START, StreamSection.START, NexmarkSection.START
        }) {
      int marker = doc.indexOf("\n" + opening, start + HEADING.length());
      if (marker >= 0 && (end < 0 || marker < end)) {
        end = marker;
      }
    }
    return end;
  }

  /** One JMH score: benchmark method, its parameters, ops/s. */
  private record Score(String method, Map<String, String> params, double opsPerSecond) {
    String param(String name) {
      return params.getOrDefault(name, "");
    }
  }

  static String section(
      String json, String log, String revision, List<String> commands, boolean smoke) {
    List<Score> scores = parse(json);
    Map<String, Double> metrics = new TreeMap<>();
    Matcher m = METRIC.matcher(log);
    while (m.find()) {
      try {
        metrics.put(
            m.group(1) + "|" + m.group(2) + "|" + m.group(4), Double.parseDouble(m.group(5)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("malformed metric line: '" + m.group() + "'", e);
      }
    }
    StringBuilder md = new StringBuilder();
    line(md, HEADING);
    line(md, "");
    if (smoke) {
      line(
          md,
          "> **Pipeline smoke run, not results.** Tiny datasets and one very short iteration per"
              + " trial: these figures only show that the tiered-reads benchmarks run end to end.");
      line(md, "");
    }
    line(
        md,
        "Sediment reading through both tiers from simulated remote storage (`latency+file://`:"
            + " the local disk behind a fixed sleep before every read call), next to the same"
            + " dataset on the plain local file system and RocksDB on local disk. Each dataset is"
            + " built once (keys in order, then compacted to one level) and reopened by every"
            + " trial; each tier gets the same fraction of the dataset's SST bytes: the block"
            + " cache on every store, the file cache (in a fresh directory) on remote stores"
            + " only. Index and filter blocks are kept on the heap outside the block cache by"
            + " both engines (RocksDB's default). Before measuring, every trial warms its tiers"
            + " with lookups of the same distribution on 64 threads. Machine: "
            + Environment.machine()
            + ". Sediment revision `"
            + revision
            + "`.");
    line(md, "");
    zipfian(md, scores, metrics);
    async(md, scores, metrics);
    fileCacheHits(md, scores);
    if (!commands.isEmpty()) {
      line(md, "Commands:");
      line(md, "");
      line(md, "```");
      commands.forEach(c -> line(md, c));
      line(md, "```");
      line(md, "");
    }
    return md.toString();
  }

  private static void zipfian(StringBuilder md, List<Score> scores, Map<String, Double> metrics) {
    List<Score> rows = of(scores, "TieredReadsBenchmark");
    if (rows.isEmpty()) {
      return;
    }
    Score any = rows.get(0);
    line(
        md,
        String.format(
            Locale.ROOT,
            "### Zipfian readrandom: remote through the tiers vs local%n%n%s keys of %s bytes,"
                + " scrambled zipfian (theta %s), remote reads %s us, each tier %s%% of the SST"
                + " bytes. Operations per second; the ratio is to LOCAL on as many threads.",
            grouped(any.param("datasetKeys")),
            any.param("kv"),
            any.param("theta"),
            any.param("remoteReadMicros"),
            any.param("cachePercent")));
    line(md, "");
    Set<String> stores = new LinkedHashSet<>();
    Set<String> methods = new LinkedHashSet<>();
    rows.forEach(
        s -> {
          stores.add(s.param("store"));
          methods.add(s.method());
        });
    StringBuilder head = new StringBuilder("| store |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String method : methods) {
      String label = threadsLabel(method);
      head.append(' ').append(label).append(" | / LOCAL |");
      rule.append("---:|---:|");
    }
    head.append(" block cache hit rate | file cache hit rate |");
    rule.append("---:|---:|");
    line(md, head.toString());
    line(md, rule.toString());
    for (String store : stores) {
      StringBuilder sb = new StringBuilder("| " + store + " |");
      for (String method : methods) {
        Score s = find(rows, method, "store", store);
        Score local = find(rows, method, "store", "LOCAL");
        sb.append(' ').append(s == null ? "" : ops(s.opsPerSecond())).append(" | ");
        sb.append(s == null || local == null ? "" : ratio(s.opsPerSecond() / local.opsPerSecond()));
        sb.append(" |");
      }
      sb.append(' ').append(rate(metrics.get("zipfian|" + store + "|blockCacheHitRate")));
      sb.append(" | ").append(rate(metrics.get("zipfian|" + store + "|fileCacheHitRate")));
      sb.append(" |");
      line(md, sb.toString());
    }
    line(md, "");
    line(
        md,
        "Hit rates are over the whole trial (warm-up included) of the last method run for the"
            + " store; RocksDB's are not collected.");
    line(md, "");
  }

  private static void async(StringBuilder md, List<Score> scores, Map<String, Double> metrics) {
    List<Score> rows = of(scores, "TieredAsyncReadsBenchmark");
    if (rows.isEmpty()) {
      return;
    }
    Score any = rows.get(0);
    String store = any.param("store");
    line(
        md,
        String.format(
            Locale.ROOT,
            "### Uniform readrandom on remote storage: overlapping reads%n%n%s, %s keys, remote"
                + " reads %s us, each tier %s%% of the SST bytes, one calling thread. `getAsync`"
                + " keeps 64 lookups in flight; `multiGet` asks for 64 keys per call. Block cache"
                + " hit rate %s, file cache hit rate %s.",
            store,
            grouped(any.param("datasetKeys")),
            any.param("remoteReadMicros"),
            any.param("cachePercent"),
            rate(metrics.get("uniform|" + store + "|blockCacheHitRate")),
            rate(metrics.get("uniform|" + store + "|fileCacheHitRate"))));
    line(md, "");
    line(md, "| read | ops/s | / synchronous get |");
    line(md, "|---|---:|---:|");
    Score sync = find(rows, "get", "store", store);
    for (Score s : rows) {
      line(
          md,
          "| "
              + s.method()
              + " | "
              + ops(s.opsPerSecond())
              + " | "
              + (sync == null ? "" : ratio(s.opsPerSecond() / sync.opsPerSecond()))
              + " |");
    }
    line(md, "");
  }

  private static void fileCacheHits(StringBuilder md, List<Score> scores) {
    List<Score> rows = of(scores, "FileCacheHitBenchmark");
    if (rows.isEmpty()) {
      return;
    }
    line(md, "### File-cache hits: entry files kept open or opened per read");
    line(md, "");
    line(
        md,
        "Random reads of "
            + rows.get(0).param("readBytes")
            + " bytes from a file whose every segment is resident, "
            + rows.get(0).param("checksumChunkBytes")
            + "-byte checksum chunks. Reads per second.");
    line(md, "");
    line(md, "| threads | opened per read (maxOpenFiles 0) | kept open | speed-up |");
    line(md, "|---|---:|---:|---:|");
    Set<String> methods = new LinkedHashSet<>();
    rows.forEach(s -> methods.add(s.method()));
    for (String method : methods) {
      Score perRead = find(rows, method, "maxOpenFiles", "0");
      Score kept = null;
      for (Score s : rows) {
        if (s.method().equals(method) && !s.param("maxOpenFiles").equals("0")) {
          kept = s;
        }
      }
      line(
          md,
          "| "
              + (method.endsWith("2Threads") ? "2" : "1")
              + " | "
              + (perRead == null ? "" : ops(perRead.opsPerSecond()))
              + " | "
              + (kept == null ? "" : ops(kept.opsPerSecond()))
              + " | "
              + (perRead == null || kept == null
                  ? ""
                  : ratio(kept.opsPerSecond() / perRead.opsPerSecond()))
              + " |");
    }
    line(md, "");
  }

  private static List<Score> parse(String json) {
    Object root = Json.parse(json);
    if (!(root instanceof List<?> runs)) {
      throw new IllegalArgumentException("JMH JSON must be an array of runs");
    }
    List<Score> scores = new ArrayList<>();
    for (Object o : runs) {
      Map<?, ?> run = (Map<?, ?>) o;
      String benchmark = (String) run.get("benchmark");
      Map<String, String> params = new LinkedHashMap<>();
      if (run.get("params") instanceof Map<?, ?> p) {
        p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
      }
      Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
      double score = primary.get("score") instanceof Double d ? d : Double.NaN;
      String unit = String.valueOf(primary.get("scoreUnit"));
      if (unit.endsWith("/ms")) {
        score *= 1e3;
      } else if (unit.endsWith("/us")) {
        score *= 1e6;
      }
      scores.add(new Score(benchmark, params, score));
    }
    return scores;
  }

  /** Scores of one benchmark class, with the method name alone. */
  private static List<Score> of(List<Score> scores, String benchmarkClass) {
    List<Score> out = new ArrayList<>();
    for (Score s : scores) {
      int dot = s.method().lastIndexOf('.');
      String cls = s.method().substring(0, Math.max(0, dot));
      if (cls.endsWith("." + benchmarkClass)) {
        out.add(new Score(s.method().substring(dot + 1), s.params(), s.opsPerSecond()));
      }
    }
    return out;
  }

  private static Score find(List<Score> rows, String method, String param, String value) {
    for (Score s : rows) {
      if (s.method().equals(method) && s.param(param).equals(value)) {
        return s;
      }
    }
    return null;
  }

  private static String threadsLabel(String method) {
    Matcher m = Pattern.compile("(\\d+)Threads$").matcher(method);
    return m.find() ? m.group(1) + " threads" : "1 thread";
  }

  private static String ops(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String ratio(double v) {
    return String.format(Locale.ROOT, "%.2fx", v);
  }

  private static String rate(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  private static String grouped(String number) {
    try {
      return String.format(Locale.ROOT, "%,d", Long.parseLong(number));
    } catch (NumberFormatException e) {
      return number;
    }
  }

  private static String read(Path p) throws IOException {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static int usage(String message) {
    System.err.println("tiered report: " + message);
    System.err.println(
        "usage: TieredReport --json FILE --log FILE --out FILE.md [--revision R]"
            + " [--command TEXT ...] [--smoke]");
    return 2;
  }

  private static void line(StringBuilder md, String s) {
    md.append(s).append('\n');
  }
}
