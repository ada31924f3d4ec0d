package io.sediment.fuzz;

import io.sediment.compaction.CompactionWorker;
import io.sediment.compaction.MergeFunctionRegistry;
import io.sediment.fuzz.crash.CrashConfigs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A compaction worker in its own JVM for the fuzz suites, and the parent's handle on it. The child
 * ({@link #main}) runs a {@link CompactionWorker} that knows the built-in merge functions plus the
 * suites' {@link ConcatMergeFunction}, prints {@code listening on <uri>}, and serves until its
 * standard input ends (the parent closed it or died, so no worker outlives its test) or it is
 * killed. The parent ({@link #start}) uses the current {@code java} binary and class path, as
 * {@code CrashWorkload} processes do.
 *
 * <p>Child usage: {@code java -cp <classpath> io.sediment.fuzz.WorkerProcess <token-file>
 * <threads>}; exit status 2 for bad arguments.
 */
public final class WorkerProcess implements AutoCloseable {

  private static final List<String> JVM_FLAGS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData");

  private static final String LISTENING = "listening on ";

  private final Process process;
  private final URI uri;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private WorkerProcess(Process process, URI uri, String token) {
    this.process = process;
    this.uri = uri;
    this.token = token;
  }

  /** Runs the worker of the child process; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: WorkerProcess <token-file> <threads>");
      Runtime.getRuntime().halt(2);
      return;
    }
    String token = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8).strip();
    CompactionWorker worker =
        CompactionWorker.builder()
            .token(token)
            .threads(Integer.parseInt(args[1]))
            .mergeFunctions(registry())
            .start();
    System.out.println(LISTENING + worker.uri());
    System.out.flush();
    while (System.in.read() >= 0) {
      // Nothing is expected on stdin; its end means the parent is gone.
    }
    Runtime.getRuntime().halt(0);
  }

  /** The merge functions a fuzz worker knows: the built-ins and the suites' concatenation. */
  public static MergeFunctionRegistry registry() {
    return MergeFunctionRegistry.builtIns().with(CrashConfigs.mergeFunction());
  }

  /**
   * Starts a worker with {@code threads} job threads, its token written to {@code tokenFile}, its
   * stderr appended to {@code stderr}; returns once it listens.
   *
   * @throws IllegalArgumentException if threads is not positive or the token is blank
   * @throws IOException if the JVM cannot be started, or it ends before listening (its stderr file
   *     tells why)
   */
  public static WorkerProcess start(String token, int threads, Path tokenFile, Path stderr)
      throws IOException {
    if (threads < 1 || token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "need threads >= 1 and a token: threads=" + threads + ", token '" + token + "'");
    }
    Files.writeString(tokenFile, token + "\n", StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(WorkerProcess.class.getName());
    cmd.add(tokenFile.toString());
    cmd.add(Integer.toString(threads));
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(LISTENING)) {
        return new WorkerProcess(p, URI.create(line.substring(LISTENING.length()).strip()), token);
      }
    }
    p.destroyForcibly();
    throw new IOException("compaction worker ended before listening; see " + stderr);
  }

  /** Where the worker listens, for {@code RemoteCompactionService.Builder#workers}. */
  public URI uri() {
    return uri;
  }

  /** The worker's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The worker's {@code GET /metrics} counters ({@code jobs-started}, {@code jobs-succeeded}, ...).
   *
   * @throws IOException if the worker does not answer with 200
   */
  public Map<String, Long> metrics() throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve("/metrics"))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted asking " + uri + " for metrics");
    }
    if (r.statusCode() != 200) {
      throw new IOException(uri + "/metrics answered " + r.statusCode() + ": " + r.body());
    }
    Map<String, Long> m = new TreeMap<>();
    for (String line : r.body().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).strip()));
      }
    }
    return m;
  }

  /** Ends the process with SIGKILL (nothing in it runs after) and waits for it. */
  public void kill() throws InterruptedException {
    kill(0);
  }

  /**
   * Lets the worker run {@code delayMillis} longer (the kill lands wherever its jobs are by then),
   * then ends it with SIGKILL and waits for it.
   *
   * @throws IllegalArgumentException if the delay is negative
   */
  public void kill(int delayMillis) throws InterruptedException {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("delay must be >= 0: " + delayMillis);
    }
    if (delayMillis > 0 && process.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
      return; // it died by itself meanwhile
    }
    process.toHandle().destroyForcibly();
    process.waitFor(1, TimeUnit.MINUTES);
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "compaction worker " + uri + " (pid " + process.pid() + ")";
  }
}
