package io.sediment.jmh;

import io.sediment.compaction.RemoteCompactionService;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Foreground writes under compaction load: what moving compaction to a worker process buys the
 * thread that serves writes. Each mode opens a fresh store with a small memtable (so flushes and
 * compactions run all the time), loads {@code keys} keys in key order, then overwrites random keys
 * {@code ops} times from one thread, timing every put, and reports put latency (p50, p99, p99.9,
 * max), the time writes stalled waiting for flushes or compactions, throughput, the compaction jobs
 * finished (and started) within the timed phase, bytes moved (read + written) per finished job and
 * finished jobs per second per worker. Trivial moves (a file moved down a level, nothing rewritten)
 * are not counted: they stay in the store's process in both modes.
 *
 * <ul>
 *   <li>{@code local}: the store's own compaction thread pool ({@code maxBackgroundCompactions}).
 *   <li>{@code remote}: a compaction worker in its own JVM, started by the harness ({@code
 *       CompactionWorkerMain} on the harness's class path), reached over HTTP on the loopback; the
 *       store falls back to local compaction only if the worker cannot run a job.
 * </ul>
 *
 * <p>With {@code --pin} (and when {@code taskset} exists) this JVM is pinned to CPU 0 and the
 * worker JVM to CPU 1, in both modes: with local compaction, merges compete with the writer for CPU
 * 0; with a worker they run on CPU 1.
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar io.sediment.jmh.ForegroundCompaction [--keys
 * N] [--ops N] [--value-bytes N] [--memtable-bytes N] [--worker-threads N] [--modes local,remote]
 * [--pin] [--dir PATH]} (defaults: 1,000,000 keys, 1,000,000 overwrites, 100-byte values, 1 MiB
 * memtable, 2 worker threads, both modes, no pinning, a temporary directory). Prints a markdown
 * table, one row per mode. Repeat with the modes in the other order to see the order's effect.
 */
public final class ForegroundCompaction {

  private static final String TOKEN = "foreground-compaction-bench";

  private ForegroundCompaction() {}

  /** What to run; plain values. */
  record Settings(
      long keys,
      long ops,
      int valueBytes,
      long memtableBytes,
      int workerThreads,
      List<String> modes,
      boolean pin,
      Path dir) {

    Settings {
      if (keys < 1 || ops < 1 || ops > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "keys must be positive and ops in 1.."
                + (Integer.MAX_VALUE - 8)
                + ": "
                + keys
                + ", "
                + ops);
      }
      if (valueBytes < 1 || memtableBytes < 1 || workerThreads < 1) {
        throw new IllegalArgumentException(
            "value bytes, memtable bytes and worker threads must be positive: "
                + valueBytes
                + ", "
                + memtableBytes
                + ", "
                + workerThreads);
      }
      for (String m : modes) {
        if (!m.equals("local") && !m.equals("remote")) {
          throw new IllegalArgumentException("mode must be local or remote: '" + m + "'");
        }
      }
      modes = List.copyOf(modes);
    }

    static Settings parse(String[] args) throws IOException {
      long keys = 1_000_000;
      long ops = 1_000_000;
      int valueBytes = 100;
      long memtable = 1 << 20;
      int threads = 2;
      List<String> modes = List.of("local", "remote");
      boolean pin = false;
      Path dir = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--pin")) {
          pin = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--keys" -> keys = Long.parseLong(v);
          case "--ops" -> ops = Long.parseLong(v);
          case "--value-bytes" -> valueBytes = Integer.parseInt(v);
          case "--memtable-bytes" -> memtable = Long.parseLong(v);
          case "--worker-threads" -> threads = Integer.parseInt(v);
          case "--modes" -> modes = Arrays.asList(v.split(","));
          case "--dir" -> dir = Path.of(v);
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      if (dir == null) {
        dir = Files.createTempDirectory("foreground-compaction");
      }
      return new Settings(keys, ops, valueBytes, memtable, threads, modes, pin, dir);
    }
  }

  /** One mode's figures. */
  record Row(
      String mode,
      boolean pinned,
      long ops,
      long nanos,
      long p50Nanos,
      long p99Nanos,
      long p999Nanos,
      long maxNanos,
      long stallNanos,
      long jobs,
      long jobsStarted,
      long bytesMoved,
      int workers) {

    double opsPerSecond() {
      return ops * 1e9 / nanos;
    }

    double jobsPerSecondPerWorker() {
      return jobs * 1e9 / nanos / workers;
    }

    double mibPerJob() {
      return jobs == 0 ? 0 : bytesMoved / (double) jobs / (1 << 20);
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ForegroundCompaction: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<Row> rows = run(settings, System.out);
    System.out.println();
    System.out.print(table(settings, rows));
  }

  /** Runs every mode of {@code settings} in order; progress lines go to {@code log}. */
  static List<Row> run(Settings s, PrintStream log) throws IOException, InterruptedException {
    boolean pinned = s.pin() && Pinning.available();
    if (s.pin() && !pinned) {
      log.println("taskset not found: running unpinned");
    }
    if (pinned) {
      Pinning.pinThisProcess(0);
    }
    List<Row> rows = new ArrayList<>();
    for (String mode : s.modes()) {
      Path dir = Files.createTempDirectory(s.dir(), mode + "-");
      rows.add(mode.equals("local") ? runLocal(s, dir, pinned) : runRemote(s, dir, pinned, log));
      log.printf(Locale.ROOT, "%s done%n", mode);
    }
    return rows;
  }

  private static Row runLocal(Settings s, Path dir, boolean pinned) throws IOException {
    try (Db db = Db.open(options(s, dir, null))) {
      Measured m = overwrite(db, s);
      DbStats st = db.stats();
      long jobs = st.compactionCount() - st.trivialMoveCount();
      return m.row(
          "local", pinned, jobs, jobs, st.bytesCompactedRead() + st.bytesCompactedWritten(), 1);
    }
  }

  private static Row runRemote(Settings s, Path dir, boolean pinned, PrintStream log)
      throws IOException, InterruptedException {
    Path tokenFile = dir.resolve("worker-token");
    Files.writeString(tokenFile, TOKEN + "\n");
    WorkerProcess worker = WorkerProcess.start(tokenFile, s.workerThreads(), pinned);
    log.println("worker listening on " + worker.uri());
    try (RemoteCompactionService service =
            RemoteCompactionService.builder()
                .workers(List.of(worker.uri()))
                .token(TOKEN)
                .jobTimeout(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .fallbackToLocal(true)
                .build();
        Db db = Db.open(options(s, dir, service))) {
      Map<String, Long> before = worker.metrics();
      Measured m = overwrite(db, s);
      Map<String, Long> after = worker.metrics();
      DbStats st = db.stats();
      log.printf(
          Locale.ROOT,
          "worker counters %s; the store ran %d compactions (%d trivial moves, which stay local)%n",
          after,
          st.compactionCount(),
          st.trivialMoveCount());
      long jobs = delta(before, after, "jobs-succeeded");
      long moved = delta(before, after, "bytes-in") + delta(before, after, "bytes-out");
      long started = delta(before, after, "jobs-started");
      return m.row("remote", pinned, jobs, started, moved, 1);
    } finally {
      worker.stop();
    }
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
    return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
  }

  private static DbOptions options(Settings s, Path dir, CompactionService service) {
    DbOptions.Builder b =
        DbOptions.builder(dir.resolve("store").toUri().toString())
            .memtableBytes(s.memtableBytes())
            .targetFileSizeBytes(Math.max(1024, s.memtableBytes() * 2))
            .maxBytesForLevelBase(Math.max(1024, s.memtableBytes() * 8));
    if (service != null) {
      b.compactionService(service);
    }
    return b.build();
  }

  /** Latencies and stall time of the overwrite phase, before the compaction figures are added. */
  private record Measured(long ops, long nanos, long[] sortedLatencies, long stallNanos) {

    long percentile(double p) {
      int i = (int) Math.min(sortedLatencies.length - 1, Math.ceil(p * sortedLatencies.length) - 1);
      return sortedLatencies[Math.max(0, i)];
    }

    Row row(
        String mode, boolean pinned, long jobs, long jobsStarted, long bytesMoved, int workers) {
      return new Row(
          mode,
          pinned,
          ops,
          nanos,
          percentile(0.50),
          percentile(0.99),
          percentile(0.999),
          sortedLatencies[sortedLatencies.length - 1],
          stallNanos,
          jobs,
          jobsStarted,
          bytesMoved,
          workers);
    }
  }

  /** Loads the keys in order (not timed), then times {@code ops} overwrites of random keys. */
  private static Measured overwrite(Db db, Settings s) throws IOException {
    byte[] value = new byte[s.valueBytes()];
    SplittableRandom random = new SplittableRandom(42);
    for (long k = 0; k < s.keys(); k++) {
      random.nextBytes(value);
      db.put(key(k), value);
    }
    long stallBefore = db.stats().stallNanos();
    long[] latencies = new long[(int) s.ops()];
    long start = System.nanoTime();
    for (int i = 0; i < latencies.length; i++) {
      byte[] k = key(random.nextLong(s.keys()));
      random.nextBytes(value);
      long t0 = System.nanoTime();
      db.put(k, value);
      latencies[i] = System.nanoTime() - t0;
    }
    long nanos = System.nanoTime() - start;
    long stall = db.stats().stallNanos() - stallBefore;
    Arrays.sort(latencies);
    return new Measured(s.ops(), nanos, latencies, stall);
  }

  static byte[] key(long k) {
    return String.format("key%013d", k).getBytes(StandardCharsets.UTF_8);
  }

  /** The markdown table of {@code rows}. */
  static String table(Settings s, List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Overwrite of %,d keys (%d-byte values), %,d puts, %,d-byte memtable%n%n",
            s.keys(),
            s.valueBytes(),
            s.ops(),
            s.memtableBytes()));
    b.append(
        "| compaction | pinned | puts/s | p50 put (us) | p99 put (us) | p99.9 put (us) | max put (ms)"
            + " | write stall (s) | stall share | jobs done (started) | MiB moved per job | jobs/s per worker |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,.0f | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f%% | %d (%d) | %.2f | %.2f |%n",
              r.mode(),
              r.pinned() ? "yes" : "no",
              r.opsPerSecond(),
              r.p50Nanos() / 1e3,
              r.p99Nanos() / 1e3,
              r.p999Nanos() / 1e3,
              r.maxNanos() / 1e6,
              r.stallNanos() / 1e9,
              100.0 * r.stallNanos() / r.nanos(),
              r.jobs(),
              r.jobsStarted(),
              r.mibPerJob(),
              r.jobsPerSecondPerWorker()));
    }
    return b.toString();
  }

  /** CPU pinning through {@code taskset}. */
  static final class Pinning {

    private Pinning() {}

    static boolean available() {
      try {
        Process p =
            new ProcessBuilder("taskset", "--version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** Pins every thread of this JVM (and so the threads they start later) to {@code cpu}. */
    static void pinThisProcess(int cpu) throws IOException, InterruptedException {
      String pid = Long.toString(ProcessHandle.current().pid());
      Process p =
          new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), pid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor() != 0) {
        throw new IOException("taskset could not pin process " + pid + " to CPU " + cpu);
      }
    }
  }

  /** A compaction worker in its own JVM, on this JVM's class path. */
  record WorkerProcess(Process process, URI uri) {

    static WorkerProcess start(Path tokenFile, int threads, boolean pinned) throws IOException {
      List<String> cmd = new ArrayList<>();
      if (pinned) {
        cmd.addAll(List.of("taskset", "-c", "1"));
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classPath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      cmd.addAll(
          List.of(
              java,
              "-Xmx1g",
              "-cp",
              classPath,
              "io.sediment.compaction.CompactionWorkerMain",
              "--port",
              "0",
              "--token-file",
              tokenFile.toString(),
              "--threads",
              Integer.toString(threads)));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("listening on ")) {
          return new WorkerProcess(p, URI.create(line.substring("listening on ".length()).strip()));
        }
      }
      p.destroyForcibly();
      throw new IOException("compaction worker exited before listening: " + cmd);
    }

    /** The worker's counters ({@code GET /metrics}). */
    Map<String, Long> metrics() throws IOException, InterruptedException {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> res =
          client.send(
              HttpRequest.newBuilder(uri.resolve("/metrics"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw new IOException("worker " + uri + " answered /metrics with " + res.statusCode());
      }
      Map<String, Long> m = new HashMap<>();
      for (String line : res.body().split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          m.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).strip()));
        }
      }
      return m;
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
