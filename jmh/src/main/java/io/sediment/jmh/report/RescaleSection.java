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
 * The rescale section of BENCHMARKS.md, from {@code RescaleBenchmark} (single shots: rescale to
 * first read, Sediment side by side with RocksDB) and {@code RescaledReadBenchmark} (Sediment's
 * read throughput on a freshly rescaled store and on the same store fully compacted), with the
 * lines those benchmarks print: the state each size turned into, the time to open, the references
 * of the read trials and the machine's load. It says whether Sediment meets its targets: the median
 * rescale to first read flat in state size (largest / smallest size at most {@value
 * #FLATNESS_TARGET}x) and at most {@value #FIRST_READ_TARGET_MS} ms.
 *
 * <p>Like the checkpoint section it sits between its own markers ({@link #MARKERS}), so {@code
 * bench/run --rescale} replaces just this section and other runs keep it.
 */
final class RescaleSection {

  static final String START = "<!-- rescale-section:start -->";
  static final String END = "<!-- rescale-section:end -->";
  static final MarkedSection MARKERS = new MarkedSection(START, END);

  static final double FIRST_READ_TARGET_MS = 200;
  static final double FLATNESS_TARGET = 2.0;

  private static final String[] SHAPES = {"TWO_TO_ONE", "ONE_TO_TWO"};
  private static final String[] FILE_SYSTEMS = {"FILE", "LATENCY"};

  private static final Pattern STATE =
      Pattern.compile("# sediment-rescale-state (\\S+) (\\S+) (\\d+) (\\d+) (\\d+)");
  private static final Pattern LOAD = Pattern.compile("# sediment-rescale-load (\\S+)");
  private static final Pattern OPEN =
      Pattern.compile("# sediment-rescale-open (\\S+) (\\S+) (\\S+) (\\d+) (\\d+)");
  private static final Pattern READ_STATE =
      Pattern.compile(
          "# sediment-rescale-read-state (\\S+) (\\d+) (\\S+) (\\S+) (\\d+) (\\d+) (\\d+)");
  private static final Pattern READ_COMPACTIONS =
      Pattern.compile("# sediment-rescale-read-compactions (\\S+) (\\d+) (\\S+) (\\S+) (\\d+)");

  private RescaleSection() {}

  /** Whether {@code benchmark} (a JMH benchmark name) belongs to this section. */
  static boolean isRescaleRun(String benchmark) {
    return benchmark.contains(".RescaleBenchmark.")
        || benchmark.contains(".RescaledReadBenchmark.");
  }

  /**
   * The section for the run, markers included; empty if the run has no rescale benchmarks.
   *
   * @throws IllegalArgumentException when the JSON is malformed
   */
  static String markdown(
      String json, String log, String revision, List<String> commands, boolean smoke) {
    // shape|fs|stateMb|engine -> first-read cell
    Map<String, CheckpointSection.Cell> shots = new TreeMap<>();
    // shape|stateMb|fs|method|layout -> ops/s
    Map<String, Double> reads = new TreeMap<>();
    TreeSet<Long> shotSizes = new TreeSet<>();
    TreeSet<Long> readSizes = new TreeSet<>();
    String jvmArgs = "?";
    // ROCKSDB-<rocksDbMerge> labels, INGEST before WRITE_BATCH
    TreeSet<String> rocksDb = new TreeSet<>();
    Object root = Json.parse(json);
    if (!(root instanceof List<?> runs)) {
      throw new IllegalArgumentException("JMH JSON must be an array of runs");
    }
    for (Object o : runs) {
      Map<?, ?> run = (Map<?, ?>) o;
      String benchmark = String.valueOf(run.get("benchmark"));
      if (!isRescaleRun(benchmark)) {
        continue;
      }
      jvmArgs = String.valueOf(run.get("jvmArgs"));
      Map<?, ?> p = (Map<?, ?>) run.get("params");
      long stateMb = Long.parseLong(String.valueOf(p.get("stateMb")));
      Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
      if (benchmark.contains(".RescaleBenchmark.") && "ss".equals(run.get("mode"))) {
        shotSizes.add(stateMb);
        String engine = String.valueOf(p.get("engine"));
        if (!engine.equals("SEDIMENT")) {
          engine = engine + "-" + p.get("rocksDbMerge");
          rocksDb.add(engine);
        }
        shots.put(
            p.get("shape") + "|" + p.get("fs") + "|" + stateMb + "|" + engine,
            CheckpointSection.cell(metric));
      } else if (benchmark.contains(".RescaledReadBenchmark.") && "thrpt".equals(run.get("mode"))) {
        readSizes.add(stateMb);
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        reads.put(
            p.get("shape")
                + "|"
                + stateMb
                + "|"
                + p.get("fs")
                + "|"
                + method
                + "|"
                + p.get("layout"),
            perSecond(metric));
      }
    }
    if (shots.isEmpty() && reads.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder();
    line(md, START);
    line(md, "## Rescale (lower is better for times, higher for reads)");
    line(md, "");
    if (smoke) {
      line(
          md,
          "> **Smoke run, not results:** small states and few shots on a shared machine. Run"
              + " `bench/run --rescale` on a quiet machine for real figures.");
      line(md, "");
    }
    line(
        md,
        "Generated by `bench/run --rescale` (`RescaleBenchmark`, `RescaledReadBenchmark`). The"
            + " state: 16-byte keys whose first byte is the key-group prefix (maxParallelism 128,"
            + " every key group holding the same number of keys) and 100-byte values, loaded in"
            + " key order into the stores of the old instances, which declare their key groups;"
            + " *state* is the total over the old instances. *2 → 1*: the checkpoints of two"
            + " instances (key groups 0-63 and 64-127) into one store (0-127). *1 → 2*: the"
            + " checkpoint of one instance (0-127) into two stores (0-63, 64-127); each shot"
            + " restores one of them, alternately, which is what each new instance waits for"
            + " when they restore in parallel.");
    line(md, "");
    line(md, "| | |");
    line(md, "|---|---|");
    line(md, "| machine | " + Environment.machine() + " |");
    TreeSet<Double> loads = new TreeSet<>();
    Matcher l = LOAD.matcher(log);
    while (l.find()) {
      loads.add(Double.parseDouble(l.group(1)));
    }
    if (!loads.isEmpty()) {
      int cores = Runtime.getRuntime().availableProcessors();
      line(
          md,
          String.format(
              Locale.ROOT,
              "| load average at trial starts | %.1f to %.1f (1 min; %d cores: %s) |",
              loads.first(),
              loads.last(),
              cores,
              loads.last() > cores
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
    if (!shots.isEmpty()) {
      shotTable(md, shots, shotSizes, log, rocksDb);
    }
    if (!reads.isEmpty()) {
      readTable(md, reads, readSizes, log);
    }
    line(md, END);
    return md.toString();
  }

  private static void shotTable(
      StringBuilder md,
      Map<String, CheckpointSection.Cell> shots,
      TreeSet<Long> sizes,
      String log,
      TreeSet<String> rocksDb) {
    line(md, "### Rescale to first read (milliseconds, median of single shots)");
    line(md, "");
    line(
        md,
        "*first read*: from the old instances' checkpoints to the new store's first `get`"
            + " returning a value, cold caches, with the range in brackets; *open*: the part of"
            + " it until the store was open (median). Sediment: `Restore.open(handles, target,"
            + " options)`, a first manifest of references to the checkpoints' files, clipped"
            + " where a file straddles the target's bounds; nothing is copied. RocksDB does what"
            + " Flink's RocksDB backend does: download the checkpoint with the largest overlap,"
            + " open it and `deleteRange` the key groups outside the target; download every"
            + " other one into a temporary instance and move the target's keys out of it:"
            + " ROCKSDB-INGEST writes them to SST files and ingests those, ROCKSDB-WRITE_BATCH"
            + " puts them through write batches (Flink's default); *best RocksDB / Sediment*"
            + " compares the faster of the two"
            + ". FILE is the local disk; LATENCY adds 1 ms to every file-system operation of"
            + " Sediment's stores and storage and of RocksDB's uploads and downloads (RocksDB's"
            + " own files stay local).");
    line(md, "");
    Map<String, String> states = new TreeMap<>();
    Matcher m = STATE.matcher(log);
    while (m.find()) {
      states.put(
          m.group(1) + "|" + m.group(2) + "|" + m.group(3),
          String.format(
              Locale.ROOT,
              "%.0f MiB in %s files",
              Long.parseLong(m.group(4)) / 1048576.0,
              m.group(5)));
    }
    Map<String, List<Double>> opens = new TreeMap<>();
    Matcher o = OPEN.matcher(log);
    while (o.find()) {
      opens
          .computeIfAbsent(
              o.group(2) + "|" + o.group(3) + "|" + o.group(4) + "|" + o.group(1),
              k -> new ArrayList<>())
          .add(Long.parseLong(o.group(5)) / 1e6);
    }
    List<String> engines = new ArrayList<>();
    engines.add("SEDIMENT");
    engines.addAll(rocksDb);
    StringBuilder head = new StringBuilder("| rescale | file system | state |");
    StringBuilder rule = new StringBuilder("|---|---|---|");
    for (String engine : engines) {
      head.append(' ').append(engine).append(" open | ").append(engine).append(" first read |");
      rule.append("---:|---:|");
    }
    line(md, head + " best RocksDB / Sediment |");
    line(md, rule + "---:|");
    List<String> verdicts = new ArrayList<>();
    for (String shape : SHAPES) {
      for (String fs : FILE_SYSTEMS) {
        TreeMap<Long, CheckpointSection.Cell> sediment = new TreeMap<>();
        for (long mb : sizes) {
          String key = shape + "|" + fs + "|" + mb;
          CheckpointSection.Cell s = shots.get(key + "|SEDIMENT");
          CheckpointSection.Cell r = null;
          for (String label : rocksDb) {
            CheckpointSection.Cell c = shots.get(key + "|" + label);
            if (c != null && (r == null || c.median() < r.median())) {
              r = c;
            }
          }
          if (s == null && r == null) {
            continue;
          }
          if (s != null) {
            sediment.put(mb, s);
          }
          StringBuilder row =
              new StringBuilder("| " + label(shape) + " | " + fs + " | " + mb + " MiB target");
          for (String engine : new String[] {"SEDIMENT", "ROCKSDB"}) {
            String st = states.get(engine + "|" + shape + "|" + mb);
            if (st != null) {
              row.append("<br>").append(engine.charAt(0)).append(": ").append(st);
            }
          }
          row.append(" |");
          for (String engine : engines) {
            List<Double> open = opens.get(key + "|" + engine);
            CheckpointSection.Cell c = shots.get(key + "|" + engine);
            row.append(' ')
                .append(open == null ? "" : CheckpointSection.ms(median(open)))
                .append(" | ")
                .append(c == null ? "" : CheckpointSection.format(c))
                .append(" |");
          }
          row.append(' ')
              .append(
                  s == null || r == null || s.median() == 0
                      ? ""
                      : String.format(Locale.ROOT, "%.1fx", r.median() / s.median()))
              .append(" |");
          line(md, row.toString());
        }
        verdicts.addAll(targets(label(shape), fs, sediment));
      }
    }
    line(md, "");
    if (!verdicts.isEmpty()) {
      line(md, "Sediment's targets:");
      line(md, "");
      verdicts.forEach(v -> line(md, "- " + v));
      line(md, "");
    }
  }

  private static List<String> targets(
      String shape, String fs, TreeMap<Long, CheckpointSection.Cell> bySize) {
    List<String> out = new ArrayList<>();
    if (bySize.isEmpty()) {
      return out;
    }
    if (bySize.size() > 1) {
      double ratio =
          bySize.lastEntry().getValue().median() / bySize.firstEntry().getValue().median();
      out.add(
          String.format(
              Locale.ROOT,
              "rescale %s on %s, flat in state size (%d MiB at most %.0fx %d MiB): %.2fx, %s",
              shape,
              fs,
              bySize.lastKey(),
              FLATNESS_TARGET,
              bySize.firstKey(),
              ratio,
              ratio <= FLATNESS_TARGET ? "met" : "**missed**"));
    }
    double worst = 0;
    for (CheckpointSection.Cell c : bySize.values()) {
      worst = Math.max(worst, c.median());
    }
    out.add(
        String.format(
            Locale.ROOT,
            "rescale %s on %s, median to first read at most %.0f ms at every size: worst %.1f ms,"
                + " %s",
            shape,
            fs,
            FIRST_READ_TARGET_MS,
            worst,
            worst <= FIRST_READ_TARGET_MS ? "met" : "**missed**"));
    return out;
  }

  private static void readTable(
      StringBuilder md, Map<String, Double> reads, TreeSet<Long> sizes, String log) {
    line(md, "### Reads of a rescaled store before and after compaction (operations per second)");
    line(md, "");
    line(
        md,
        "Sediment only: the store of new instance 0 (key groups 0-63 for 1 → 2, 0-127 for"
            + " 2 → 1) right after the rescale, reading the checkpoints' files through its"
            + " references (the straddling ones clipped), against the same store after"
            + " `compactRange(null, null)` rewrote every reference. *pointRead*: a `get` of a"
            + " uniformly random key of the store's key groups; *scan*: a bounded iterator seeks"
            + " to such a key and reads 100 entries. One thread, the default 64 MiB block cache."
            + " *references*: file references of the store (clipped ones in brackets);"
            + " *compactions*: those the rescaled store ran by itself while it was measured.");
    line(md, "");
    Map<String, String> refs = new TreeMap<>();
    Matcher m = READ_STATE.matcher(log);
    while (m.find()) {
      refs.put(
          m.group(1) + "|" + m.group(2) + "|" + m.group(3) + "|" + m.group(4),
          m.group(5) + " (" + m.group(6) + ")");
    }
    Map<String, String> compactions = new TreeMap<>();
    Matcher c = READ_COMPACTIONS.matcher(log);
    while (c.find()) {
      // Each method's trial builds its own store: their counts, in run order.
      compactions.merge(
          c.group(1) + "|" + c.group(2) + "|" + c.group(3) + "|" + c.group(4),
          c.group(5),
          (a, b) -> a + ", " + b);
    }
    line(
        md,
        "| rescale | state | file system | read | rescaled | compacted | rescaled / compacted"
            + " | references rescaled, compacted | compactions while rescaled |");
    line(md, "|---|---|---|---|---:|---:|---:|---|---|");
    for (String shape : SHAPES) {
      for (long mb : sizes) {
        for (String fs : FILE_SYSTEMS) {
          for (String method : new String[] {"pointRead", "scan"}) {
            String key = shape + "|" + mb + "|" + fs + "|" + method;
            Double rescaled = reads.get(key + "|RESCALED");
            Double compacted = reads.get(key + "|COMPACTED");
            if (rescaled == null && compacted == null) {
              continue;
            }
            String base = shape + "|" + mb + "|" + fs;
            line(
                md,
                "| "
                    + label(shape)
                    + " | "
                    + mb
                    + " MiB | "
                    + fs
                    + " | "
                    + method
                    + " | "
                    + opsPerSecond(rescaled)
                    + " | "
                    + opsPerSecond(compacted)
                    + " | "
                    + (rescaled == null || compacted == null || compacted == 0
                        ? ""
                        : String.format(Locale.ROOT, "%.2f", rescaled / compacted))
                    + " | "
                    + refs.getOrDefault(base + "|RESCALED", "?")
                    + ", "
                    + refs.getOrDefault(base + "|COMPACTED", "?")
                    + " | "
                    + compactions.getOrDefault(base + "|RESCALED", "")
                    + " |");
          }
        }
      }
    }
    line(md, "");
  }

  private static String label(String shape) {
    return switch (shape) {
      case "TWO_TO_ONE" -> "2 → 1";
      case "ONE_TO_TWO" -> "1 → 2";
      default -> shape;
    };
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double perSecond(Map<?, ?> metric) {
    double v = metric.get("score") instanceof Double d ? d : Double.NaN;
    String unit = String.valueOf(metric.get("scoreUnit"));
    if (unit.endsWith("/ms")) {
      return v * 1e3;
    }
    if (unit.endsWith("/us")) {
      return v * 1e6;
    }
    return v;
  }

  private static String opsPerSecond(Double v) {
    return v == null ? "" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static void line(StringBuilder md, String s) {
    md.append(s).append('\n');
  }
}
