package io.sediment.jmh;

import io.sediment.jmh.report.NexmarkSection;
import io.sediment.nexmark.NexmarkMode;
import io.sediment.nexmark.Queries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Nexmark benchmark: each query over the same generated events in the three {@link
 * NexmarkMode}s, {@code sync-local} first (its state size sets the tiers of {@code async-latency}:
 * each {@code --tier-percent} of it). Prints one line per trial, then a markdown section (see
 * {@link NexmarkSectionWriter}).
 *
 * <p>A harness rather than a JMH benchmark: a trial is a whole job run, from start to the commit of
 * its last output.
 *
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp jmh/target/benchmarks.jar io.sediment.jmh.NexmarkBench \
 *     [--dir D] [--events N] [--queries q0,q1,...] [--parallelism N] [--seed S] \
 *     [--latency-ms N] [--tier-percent P] [--local-cache-mib M] [--checkpoint-ms N] \
 *     [--out FILE]... [--chart FILE] [--revision R] [--command C]...
 * </pre>
 *
 * Before the trials, the first query runs once in every mode over {@code --warm-events} events
 * (default a tenth of {@code --events}, at most 200,000; not reported). Each {@code --out} file
 * gets its Nexmark section replaced (or appended); with {@code --chart}, a bar chart of events/s
 * per query and mode is written there (PNG) and each section links it. Exit code 2 with a usage
 * message for a bad argument.
 */
public final class NexmarkBench {

  private NexmarkBench() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: NexmarkBench [--dir D] [--events N] [--warm-events N] [--queries q0,q1,...]"
              + " [--parallelism N]"
              + " [--seed S] [--latency-ms N] [--tier-percent P] [--local-cache-mib M]"
              + " [--checkpoint-ms N] [--out FILE]... [--chart FILE] [--revision R]"
              + " [--command C]...");
      System.exit(2);
      return;
    }
    // A warm-up of the first query in every mode, not reported: the first trial would otherwise
    // pay for class loading and JIT compilation that later trials do not.
    if (o.warmEvents > 0) {
      NexmarkTrial.Params warm = o.params.withEvents(o.warmEvents);
      for (NexmarkMode mode : NexmarkMode.values()) {
        NexmarkTrial.run(o.queries.get(0), mode, NexmarkTrial.MIN_TIER_BYTES << 2, warm, o.dir);
      }
    }
    List<NexmarkTrial.Result> results = new ArrayList<>();
    for (String q : o.queries) {
      long stateBytes = 0;
      for (NexmarkMode mode : NexmarkMode.values()) {
        long tier = NexmarkTrial.tierBytes(mode, o.params, stateBytes);
        NexmarkTrial.Result r = NexmarkTrial.run(q, mode, tier, o.params, o.dir);
        if (mode == NexmarkMode.SYNC_LOCAL) {
          stateBytes = r.run().stateBytes();
        }
        results.add(r);
        System.out.println(NexmarkSectionWriter.trialLine(r));
      }
    }
    if (o.chart != null) {
      List<String> modes = new ArrayList<>();
      for (NexmarkMode mode : NexmarkMode.values()) {
        modes.add(mode.commandName());
      }
      double[][] rates = new double[modes.size()][o.queries.size()];
      for (NexmarkTrial.Result r : results) {
        rates[r.mode().ordinal()][o.queries.indexOf(r.query())] = r.run().eventsPerSecond();
      }
      NexmarkSection.chart(o.chart, o.queries, modes, rates);
    }
    System.out.println();
    System.out.print(section(o, results, null));
    for (Path out : o.outs) {
      String link = null;
      if (o.chart != null) {
        Path from = out.toAbsolutePath().getParent();
        link = from.relativize(o.chart.toAbsolutePath()).toString().replace('\\', '/');
      }
      String old = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
      try {
        Files.writeString(
            out, NexmarkSection.replace(old, section(o, results, link)), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
      }
      System.out.println("wrote the Nexmark section of " + out);
    }
  }

  /** The section, with the chart linked as {@code chartLink} (null: no chart). */
  private static String section(Options o, List<NexmarkTrial.Result> results, String chartLink) {
    return NexmarkSectionWriter.section(
        o.params, o.queries, results, o.revision, o.commands, chartLink);
  }

  /** The command line. */
  record Options(
      NexmarkTrial.Params params,
      long warmEvents,
      List<String> queries,
      Path dir,
      List<Path> outs,
      Path chart,
      String revision,
      List<String> commands) {

    static Options parse(String[] args) {
      long events = 2_000_000;
      long warmEvents = -1;
      long seed = 1;
      int parallelism = 2;
      long latencyMs = 1;
      int tierPercent = 10;
      long localCacheMib = 64;
      long checkpointMs = 1000;
      List<String> queries = Queries.NAMES;
      Path dir =
          Path.of(System.getProperty("sediment.bench.dir", System.getProperty("java.io.tmpdir")));
      List<Path> outs = new ArrayList<>();
      Path chart = null;
      String revision = "unknown";
      List<String> commands = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--dir" -> dir = Path.of(v);
          case "--events" -> events = number(a, v, 1, Long.MAX_VALUE);
          case "--warm-events" -> warmEvents = number(a, v, 0, Long.MAX_VALUE);
          case "--queries" -> queries = queries(v);
          case "--parallelism" -> parallelism = (int) number(a, v, 1, 1024);
          case "--seed" -> seed = number(a, v, Long.MIN_VALUE, Long.MAX_VALUE);
          case "--latency-ms" -> latencyMs = number(a, v, 0, 10_000);
          case "--tier-percent" -> tierPercent = (int) number(a, v, 1, 100);
          case "--local-cache-mib" -> localCacheMib = number(a, v, 1, 1 << 20);
          case "--checkpoint-ms" -> checkpointMs = number(a, v, 1, 3_600_000);
          case "--out" -> outs.add(Path.of(v));
          case "--chart" -> chart = Path.of(v);
          case "--revision" -> revision = v;
          case "--command" -> commands.add(v);
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      NexmarkTrial.Params params =
          new NexmarkTrial.Params(
              events,
              seed,
              parallelism,
              latencyMs,
              tierPercent,
              localCacheMib << 20,
              Duration.ofMillis(checkpointMs));
      long warm = warmEvents >= 0 ? warmEvents : Math.min(events / 10, 200_000);
      return new Options(params, warm, queries, dir, List.copyOf(outs), chart, revision, commands);
    }

    private static List<String> queries(String v) {
      List<String> list = new ArrayList<>();
      for (String name : v.split(",", -1)) {
        String q = name.trim();
        if (!Queries.NAMES.contains(q)) {
          throw new IllegalArgumentException(
              "--queries: unknown query '" + q + "'; known: " + Queries.NAMES);
        }
        list.add(q);
      }
      return NexmarkSectionWriter.ordered(list);
    }

    private static long number(String option, String v, long min, long max) {
      long n;
      try {
        n = Long.parseLong(v.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a whole number: '" + v + "'", e);
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            option + " must be between " + min + " and " + max + ": " + n);
      }
      return n;
    }
  }
}
