package io.sediment.jmh.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoint and restore section of BENCHMARKS.md, from the single-shot runs of {@code
 * CheckpointBenchmark} and {@code RestoreBenchmark}: medians (and range) per operation, file
 * system, state size and engine, the state each size turned into, the machine's load during the
 * run, and whether Sediment meets its targets.
 *
 * <p>The section sits between two HTML comment markers, so a run of only these benchmarks ({@code
 * bench/run --checkpoint}) replaces just the section, and a run without them keeps the one the file
 * has: each suite owns its part of the file.
 */
final class CheckpointSection {

  static final String START = "<!-- checkpoint-section:start -->";
  static final String END = "<!-- checkpoint-section:end -->";

  /** Sediment's targets, in milliseconds (medians) and as a 4 GiB / 100 MiB ratio. */
  static final double CHECKPOINT_TARGET_MS = 100;

  static final double RESTORE_TARGET_MS = 200;
  static final double FLATNESS_TARGET = 2.0;

  private static final Pattern STATE =
      Pattern.compile("# sediment-checkpoint-state (\\S+) (\\d+) (\\d+) (\\d+)");
  private static final Pattern LOAD = Pattern.compile("# sediment-checkpoint-load (\\S+)");

  private static final String[] OPERATIONS = {
    "checkpoint", "checkpointWithFlush", "restoreToFirstRead"
  };

  /** One measured configuration. */
  record Cell(double median, double min, double max, int samples) {}

  private CheckpointSection() {}

  private static boolean isCheckpointRun(String benchmark) {
    return benchmark.contains(".CheckpointBenchmark.") || benchmark.contains(".RestoreBenchmark.");
  }

  /**
   * Whether every run in the JSON (and there is one) belongs to a suite with a section of its own:
   * checkpoint and restore, or rescale ({@link RescaleSection}). Such a run rewrites only its
   * section.
   */
  static boolean onlySectionRuns(String json) {
    Object root = Json.parse(json);
    if (!(root instanceof List<?> runs) || runs.isEmpty()) {
      return false;
    }
    for (Object o : runs) {
      String benchmark = String.valueOf(((Map<?, ?>) o).get("benchmark"));
      if (!isCheckpointRun(benchmark) && !RescaleSection.isRescaleRun(benchmark)) {
        return false;
      }
    }
    return true;
  }

  /** Where the section sits in the file. */
  static final MarkedSection MARKERS = new MarkedSection(START, END);

  /**
   * {@code base} with its checkpoint section replaced by {@code section}, or, when {@code section}
   * is empty, by the section {@code old} holds (none if it holds none).
   */
  static String compose(String base, String old, String section) {
    return MARKERS.compose(base, old, section);
  }

  static String strip(String text) {
    return MARKERS.strip(text);
  }

  /**
   * The section for the run, markers included; empty if the run has no checkpoint benchmarks.
   *
   * @throws IllegalArgumentException when the JSON is malformed
   */
  static String markdown(
      String json, String log, String revision, List<String> commands, boolean smoke) {
    // operation|fs -> stateMb -> engine -> cell
    Map<String, TreeMap<Long, TreeMap<String, Cell>>> cells = new TreeMap<>();
    String jvmArgs = "?";
    Object root = Json.parse(json);
    if (!(root instanceof List<?> runs)) {
      throw new IllegalArgumentException("JMH JSON must be an array of runs");
    }
    for (Object o : runs) {
      Map<?, ?> run = (Map<?, ?>) o;
      String benchmark = String.valueOf(run.get("benchmark"));
      if (!isCheckpointRun(benchmark) || !"ss".equals(run.get("mode"))) {
        continue;
      }
      jvmArgs = String.valueOf(run.get("jvmArgs"));
      Map<?, ?> params = (Map<?, ?>) run.get("params");
      String operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String key = operation + "|" + params.get("fs");
      long stateMb = Long.parseLong(String.valueOf(params.get("stateMb")));
      cells
          .computeIfAbsent(key, k -> new TreeMap<>())
          .computeIfAbsent(stateMb, k -> new TreeMap<>())
          .put(String.valueOf(params.get("engine")), cell((Map<?, ?>) run.get("primaryMetric")));
    }
    if (cells.isEmpty()) {
      return "";
    }
    Map<String, String> states = new TreeMap<>();
    Matcher m = STATE.matcher(log);
    while (m.find()) {
      states.put(
          m.group(1) + "|" + m.group(2),
          String.format(
              Locale.ROOT,
              "%.0f MiB in %s files",
              Long.parseLong(m.group(3)) / 1048576.0,
              m.group(4)));
    }
    TreeSet<Double> loads = new TreeSet<>();
    Matcher l = LOAD.matcher(log);
    while (l.find()) {
      loads.add(Double.parseDouble(l.group(1)));
    }

    StringBuilder md = new StringBuilder();
    line(md, START);
    line(md, "## Checkpoint and restore (milliseconds, median of single shots; lower is better)");
    line(md, "");
    if (smoke) {
      line(
          md,
          "> **Pipeline smoke run, not results:** tiny states, one or two shots per trial. Run"
              + " `bench/run --checkpoint` for real figures.");
      line(md, "");
    }
    line(
        md,
        "Generated by `bench/run --checkpoint` (`CheckpointBenchmark`, `RestoreBenchmark`). Each"
            + " figure is the median of single-shot iterations (one checkpoint or one restore"
            + " each) with the range in brackets. *checkpoint*: the memtable is flushed before the"
            + " clock starts; *checkpointWithFlush*: 16 MiB of new keys are in the memtable;"
            + " *restoreToFirstRead*: from the checkpoint to the first `get` returning a value,"
            + " cold caches. RocksDB does what an embedded RocksDB must do on a DFS: a local"
            + " checkpoint plus uploading all of its files, and for a restore downloading them all"
            + " before opening. FILE is the local disk; LATENCY adds 1 ms to every file-system"
            + " operation of Sediment's store and storage and of RocksDB's uploads and downloads"
            + " (RocksDB's own files stay local). State: SST bytes and files of the state each"
            + " size parameter produced.");
    line(md, "");
    line(md, "| | |");
    line(md, "|---|---|");
    line(md, "| machine | " + Environment.machine() + " |");
    if (!loads.isEmpty()) {
      line(
          md,
          String.format(
              Locale.ROOT,
              "| load average at trial starts | %.1f to %.1f (1 min; %d cores: %s) |",
              loads.first(),
              loads.last(),
              Runtime.getRuntime().availableProcessors(),
              loads.last() > Runtime.getRuntime().availableProcessors()
                  ? "a shared, loaded machine, figures are noisy"
                  : "a quiet machine"));
    }
    line(md, "| JVM arguments | `" + jvmArgs + "` |");
    line(md, "| Sediment | revision `" + revision + "` |");
    line(md, "");
    if (!commands.isEmpty()) {
      line(md, "```");
      commands.forEach(c -> line(md, c));
      line(md, "```");
      line(md, "");
    }
    List<String> engines = List.of("SEDIMENT", "ROCKSDB");
    line(md, "| operation | file system | state | SEDIMENT | ROCKSDB | RocksDB / Sediment |");
    line(md, "|---|---|---|---:|---:|---:|");
    List<String> verdicts = new ArrayList<>();
    for (String op : OPERATIONS) {
      for (String fs : new String[] {"FILE", "LATENCY"}) {
        TreeMap<Long, TreeMap<String, Cell>> bySize = cells.get(op + "|" + fs);
        if (bySize == null) {
          continue;
        }
        for (Map.Entry<Long, TreeMap<String, Cell>> e : bySize.entrySet()) {
          StringBuilder row = new StringBuilder("| " + op + " | " + fs + " | ");
          row.append(e.getKey()).append(" MiB target");
          for (String engine : engines) {
            String st = states.get(engine + "|" + e.getKey());
            if (st != null) {
              row.append("<br>").append(engine.charAt(0)).append(": ").append(st);
            }
          }
          row.append(" |");
          for (String engine : engines) {
            Cell c = e.getValue().get(engine);
            row.append(' ').append(c == null ? "" : format(c)).append(" |");
          }
          Cell s = e.getValue().get("SEDIMENT");
          Cell r = e.getValue().get("ROCKSDB");
          row.append(' ')
              .append(
                  s == null || r == null || s.median() == 0
                      ? ""
                      : String.format(Locale.ROOT, "%.1fx", r.median() / s.median()))
              .append(" |");
          line(md, row.toString());
        }
        verdicts.addAll(targets(op, fs, bySize));
      }
    }
    line(md, "");
    if (!verdicts.isEmpty()) {
      line(md, "Sediment's targets:");
      line(md, "");
      verdicts.forEach(v -> line(md, "- " + v));
      line(md, "");
    }
    line(md, END);
    return md.toString();
  }

  private static List<String> targets(
      String op, String fs, TreeMap<Long, TreeMap<String, Cell>> bySize) {
    List<String> out = new ArrayList<>();
    Cell smallest = bySize.firstEntry().getValue().get("SEDIMENT");
    Cell largest = bySize.lastEntry().getValue().get("SEDIMENT");
    if (smallest == null || largest == null) {
      return out;
    }
    if (!bySize.firstKey().equals(bySize.lastKey())) {
      double ratio = largest.median() / smallest.median();
      out.add(
          String.format(
              Locale.ROOT,
              "%s on %s, flat in state size (%d MiB at most %.0fx %d MiB): %.2fx, %s",
              op,
              fs,
              bySize.lastKey(),
              FLATNESS_TARGET,
              bySize.firstKey(),
              ratio,
              ratio <= FLATNESS_TARGET ? "met" : "**missed**"));
    }
    double limit =
        op.equals("checkpoint")
            ? CHECKPOINT_TARGET_MS
            : op.equals("restoreToFirstRead") ? RESTORE_TARGET_MS : Double.NaN;
    if (!Double.isNaN(limit)) {
      double worst = 0;
      for (TreeMap<String, Cell> c : bySize.values()) {
        Cell s = c.get("SEDIMENT");
        worst = s == null ? worst : Math.max(worst, s.median());
      }
      out.add(
          String.format(
              Locale.ROOT,
              "%s on %s, median at most %.0f ms at every size: worst %.1f ms, %s",
              op,
              fs,
              limit,
              worst,
              worst <= limit ? "met" : "**missed**"));
    }
    return out;
  }

  static Cell cell(Map<?, ?> metric) {
    Map<?, ?> pct = (Map<?, ?>) metric.get("scorePercentiles");
    int samples = 0;
    if (metric.get("rawData") instanceof List<?> forks) {
      for (Object f : forks) {
        samples += ((List<?>) f).size();
      }
    }
    double scale = toMillis(String.valueOf(metric.get("scoreUnit")));
    return new Cell(
        number(pct.get("50.0")) * scale,
        number(pct.get("0.0")) * scale,
        number(pct.get("100.0")) * scale,
        samples);
  }

  private static double toMillis(String unit) {
    if (unit.startsWith("us")) {
      return 1e-3;
    }
    if (unit.startsWith("ns")) {
      return 1e-6;
    }
    if (unit.startsWith("s/")) {
      return 1e3;
    }
    return 1;
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : Double.NaN;
  }

  static String format(Cell c) {
    return String.format(
        Locale.ROOT, "%s [%s-%s] n=%d", ms(c.median()), ms(c.min()), ms(c.max()), c.samples());
  }

  static String ms(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  private static void line(StringBuilder md, String s) {
    md.append(s).append('\n');
  }
}
