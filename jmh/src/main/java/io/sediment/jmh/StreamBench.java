package io.sediment.jmh;

import io.sediment.jmh.report.StreamSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The stream layer's benchmark: a keyed read-modify-write job ({@link StreamRmwJob}) driven through
 * the {@link io.sediment.stream.ExecutionController} as an operator instance's task thread drives
 * it, in every {@link StreamConfig}, twice (in order, then in reverse order), each trial on a fresh
 * copy of the same state. Prints one line per trial, then a markdown section with records per
 * second per configuration (the mean of its two trials) and the ratios the layer is judged by:
 *
 * <ul>
 *   <li>{@code ASYNC_REMOTE / SYNC_LOCAL}: remote state behind the tiers, asynchronously, against
 *       local state inline (goal at least {@value #REMOTE_GOAL});
 *   <li>{@code SYNC_REMOTE / SYNC_LOCAL}: what remote state costs without the layer;
 *   <li>{@code ASYNC_CACHED / SYNC_CACHED}: the cost of the layer when nothing waits (goal at least
 *       {@value #CACHED_GOAL}).
 * </ul>
 *
 * A harness rather than a JMH benchmark: a controller belongs to the thread that created it, and an
 * asynchronous run is only measured honestly once it has drained, so each trial times a run of
 * records from the first submit to the end of the drain.
 *
 * <pre>
 * java -Xmx2g -XX:+UseParallelGC -cp jmh/target/benchmarks.jar io.sediment.jmh.StreamBench \
 *     [--dir D] [--keys N] [--zipfian] [--memtable-mib M] [--cache-percent P] \
 *     [--warm-records N] [--warm-seconds S] [--seconds S] [--configs A,B,...] \
 *     [--out BENCHMARKS.md] [--revision R] [--command C]...
 * </pre>
 *
 * With {@code --out} the section replaces the stream section of that file. Exit code 2 with a usage
 * message for a bad argument.
 */
public final class StreamBench {

  static final double REMOTE_GOAL = 0.75;
  static final double CACHED_GOAL = 0.9;

  private StreamBench() {}

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: StreamBench [--dir D] [--keys N] [--zipfian] [--memtable-mib M]"
              + " [--cache-percent P] [--warm-records N] [--warm-seconds S] [--seconds S]"
              + " [--configs A,B,...] [--out FILE] [--revision R] [--command C]...");
      System.exit(2);
      return;
    }
    List<StreamConfig> order = new ArrayList<>(o.configs);
    List<StreamTrial.Result> results = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      for (StreamConfig c : order) {
        StreamTrial.Result r = StreamTrial.run(c, pass, o.params, o.dir);
        results.add(r);
        System.out.println(StreamSectionWriter.trialLine(r));
      }
      Collections.reverse(order);
    }
    String section =
        StreamSectionWriter.section(o.params, o.configs, results, o.revision, o.commands);
    System.out.println();
    System.out.print(section);
    if (o.out != null) {
      String old = Files.exists(o.out) ? Files.readString(o.out, StandardCharsets.UTF_8) : "";
      try {
        Files.writeString(o.out, StreamSection.replace(old, section), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("cannot write " + o.out + ": " + e.getMessage(), e);
      }
      System.out.println("wrote the stream section of " + o.out);
    }
  }

  /** The command line. */
  private record Options(
      StreamParams params,
      List<StreamConfig> configs,
      Path dir,
      Path out,
      String revision,
      List<String> commands) {

    static Options parse(String[] args) {
      long keys = 1_000_000;
      boolean zipfian = false;
      long memtableMib = 4;
      int cachePercent = 10;
      long warmRecords = 300_000;
      double warmSeconds = 3;
      double seconds = 15;
      List<StreamConfig> configs = Arrays.asList(StreamConfig.values());
      Path dir =
          Path.of(System.getProperty("sediment.bench.dir", System.getProperty("java.io.tmpdir")));
      Path out = null;
      String revision = "unknown";
      List<String> commands = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--zipfian")) {
          zipfian = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--dir" -> dir = Path.of(v);
          case "--keys" -> keys = number(a, v);
          case "--memtable-mib" -> memtableMib = number(a, v);
          case "--cache-percent" -> cachePercent = (int) number(a, v);
          case "--warm-records" -> warmRecords = number(a, v);
          case "--warm-seconds" -> warmSeconds = decimal(a, v);
          case "--seconds" -> seconds = decimal(a, v);
          case "--configs" -> configs = configs(v);
          case "--out" -> out = Path.of(v);
          case "--revision" -> revision = v;
          case "--command" -> commands.add(v);
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      StreamParams params =
          new StreamParams(
              keys, zipfian, memtableMib << 20, cachePercent, warmRecords, warmSeconds, seconds);
      return new Options(params, configs, dir, out, revision, commands);
    }

    private static List<StreamConfig> configs(String v) {
      List<StreamConfig> list = new ArrayList<>();
      for (String name : v.split(",", -1)) {
        try {
          list.add(StreamConfig.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "--configs: unknown configuration '"
                  + name
                  + "'; known: "
                  + Arrays.toString(StreamConfig.values()),
              e);
        }
      }
      return List.copyOf(list);
    }

    private static long number(String option, String v) {
      try {
        return Long.parseLong(v.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a whole number: '" + v + "'", e);
      }
    }

    private static double decimal(String option, String v) {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a number: '" + v + "'", e);
      }
    }
  }
}
