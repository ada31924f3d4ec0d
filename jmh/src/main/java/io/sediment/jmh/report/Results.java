package io.sediment.jmh.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of one benchmark run: JMH's scores from its JSON file and the engines' own metrics
 * from the {@code # sediment-metric} lines of its output.
 */
final class Results {

  /** One JMH score. {@code p50}/{@code p99} are NaN outside sample-time mode. */
  record Score(
      String workload,
      String engine,
      String shape,
      String mode,
      double score,
      double error,
      String unit,
      double p50,
      double p99) {}

  private static final Pattern METRIC =
      Pattern.compile("# sediment-metric (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)");

  final List<Score> scores = new ArrayList<>();

  /** workload|engine|shape|metric name to value; the last line of a trial wins. */
  final Map<String, Double> metrics = new TreeMap<>();

  /** JVM facts from the JSON (jdkVersion, vmName, vmVersion, jvmArgs). */
  final Map<String, String> jvm = new TreeMap<>();

  /**
   * Reads JMH's JSON output and the console log holding the metric lines.
   *
   * @throws IllegalArgumentException naming the entry that does not look like JMH output
   */
  static Results parse(String json, String log) {
    Results r = new Results();
    Object root = Json.parse(json);
    if (!(root instanceof List<?> runs)) {
      throw new IllegalArgumentException("JMH JSON must be an array of runs");
    }
    for (Object o : runs) {
      Map<?, ?> run = (Map<?, ?>) o;
      String benchmark = (String) run.get("benchmark");
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String mode = (String) run.get("mode");
      Map<?, ?> params = run.get("params") instanceof Map<?, ?> p ? p : Map.of();
      String engine = String.valueOf(params.get("engine"));
      String shape =
          params.get("kv") != null ? (String) params.get("kv") : params.get("keyBytes") + "/8";
      r.jvm.put("jdkVersion", String.valueOf(run.get("jdkVersion")));
      r.jvm.put("vmName", String.valueOf(run.get("vmName")));
      r.jvm.put("vmVersion", String.valueOf(run.get("vmVersion")));
      r.jvm.put("jvmArgs", String.valueOf(run.get("jvmArgs")));
      String workload =
          method.endsWith("Latency") ? method.substring(0, method.length() - 7) : method;
      Map<?, ?> secondary = (Map<?, ?>) run.get("secondaryMetrics");
      if (secondary != null && secondary.containsKey("read") && secondary.containsKey("write")) {
        // A JMH group: report each role, not their sum.
        for (String role : new String[] {"read", "write"}) {
          r.scores.add(
              score(
                  workload + " (" + role + ")",
                  engine,
                  shape,
                  mode,
                  (Map<?, ?>) secondary.get(role)));
        }
      } else {
        r.scores.add(score(workload, engine, shape, mode, (Map<?, ?>) run.get("primaryMetric")));
      }
    }
    Matcher m = METRIC.matcher(log);
    while (m.find()) {
      try {
        r.metrics.put(
            m.group(1) + "|" + m.group(2) + "|" + m.group(3) + "|" + m.group(4),
            Double.parseDouble(m.group(5)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("malformed metric line: '" + m.group() + "'", e);
      }
    }
    return r;
  }

  private static Score score(
      String workload, String engine, String shape, String mode, Map<?, ?> metric) {
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    if (metric.get("scorePercentiles") instanceof Map<?, ?> pct) {
      p50 = number(pct.get("50.0"));
      p99 = number(pct.get("99.0"));
    }
    return new Score(
        workload,
        engine,
        shape,
        mode,
        number(metric.get("score")),
        number(metric.get("scoreError")),
        (String) metric.get("scoreUnit"),
        "sample".equals(mode) ? p50 : Double.NaN,
        "sample".equals(mode) ? p99 : Double.NaN);
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : Double.NaN;
  }

  /** Engines in order of first appearance, Sediment first when present. */
  List<String> engines() {
    Set<String> s = new LinkedHashSet<>();
    for (String preferred : new String[] {"SEDIMENT", "ROCKSDB", "FORST"}) {
      for (Score sc : scores) {
        if (sc.engine().equals(preferred)) {
          s.add(preferred);
        }
      }
    }
    scores.forEach(sc -> s.add(sc.engine()));
    return new ArrayList<>(s);
  }

  /** The score of a workload, engine, shape and mode, or null. */
  Score find(String workload, String engine, String shape, String mode) {
    for (Score s : scores) {
      if (s.workload().equals(workload)
          && s.engine().equals(engine)
          && s.shape().equals(shape)
          && s.mode().equals(mode)) {
        return s;
      }
    }
    return null;
  }

  /** Distinct (workload, shape) pairs of a mode, in run order. */
  List<String[]> rows(String mode) {
    Set<String> seen = new LinkedHashSet<>();
    List<String[]> rows = new ArrayList<>();
    for (Score s : scores) {
      if (s.mode().equals(mode) && seen.add(s.workload() + "|" + s.shape())) {
        rows.add(new String[] {s.workload(), s.shape()});
      }
    }
    return rows;
  }
}
