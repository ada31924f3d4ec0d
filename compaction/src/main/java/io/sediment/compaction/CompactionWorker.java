package io.sediment.compaction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionJobs;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.StoreFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compaction worker: an HTTP service that runs {@link CompactionJob}s for stores in other
 * processes ({@link RemoteCompactionService} is its client), embeddable in any JVM; {@code
 * CompactionWorkerMain} and {@code ./sediment compaction-worker} run one as a process.
 *
 * <p><b>Protocol</b> (see {@code docs/compaction.md}): {@code POST /jobs} with a job in the wire
 * format ({@link CompactionWireFormat}) answers 202 and a job handle; {@code GET /jobs/<handle>}
 * the job's {@link WorkerStatus} (a heartbeat with progress); {@code GET /jobs/<handle>/result} the
 * encoded {@link CompactionResult} once it succeeded (409 before); {@code DELETE /jobs/<handle>}
 * cancels a running job and forgets a finished one; {@code GET /metrics} counters; {@code GET
 * /health} answers 200. Every request but {@code GET /health} must carry {@code Authorization:
 * Bearer <token>}, compared in constant time; without it the answer is 401 and nothing is done.
 *
 * <p><b>Guarantees.</b> At most {@code threads} jobs run at once: a submission beyond that gets 503
 * (the client tries another worker). A malformed or oversized job, one of another format version,
 * or one naming a merge function or filter this worker does not have, gets 400 with the reason and
 * is not run (never with a default function); the worker keeps serving. A job writes only into its
 * output directory and never deletes inputs ({@link CompactionJobs#run}); a failed or cancelled job
 * deletes its outputs. Results of finished jobs are kept until deleted, up to {@value
 * #RETAINED_FINISHED} of them (the oldest are dropped first).
 *
 * <p>Thread-safe. {@link #close()} stops the server and cancels running jobs.
 */
public final class CompactionWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CompactionWorker.class);

  /** Finished jobs kept for their results. */
  static final int RETAINED_FINISHED = 1000;

  private final HttpServer server;
  private final ExecutorService requests;
  private final ExecutorService jobs;
  private final byte[] token;
  private final int threads;
  private final Configuration conf;
  private final MergeFunctionRegistry mergeFunctions;
  private final Clock clock;
  private final Map<String, ListElementLength> listLengths;
  private final Map<String, WorkerJob> byHandle = new ConcurrentHashMap<>();
  private final AtomicLong handles = new AtomicLong();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong reused = new AtomicLong();

  private CompactionWorker(Builder b) throws IOException {
    this.token = b.token.getBytes(StandardCharsets.UTF_8);
    this.threads = b.threads;
    this.conf = b.conf;
    this.mergeFunctions = b.mergeFunctions;
    this.clock = b.clock;
    this.listLengths = Map.copyOf(b.listLengths);
    warmUp(conf);
    this.server = HttpServer.create(new InetSocketAddress(b.bind, b.port), 64);
    AtomicInteger requestThreads = new AtomicInteger();
    this.requests =
        Executors.newFixedThreadPool(
            4, r -> daemon(r, "sediment-worker-http-" + requestThreads.incrementAndGet()));
    AtomicInteger jobThreads = new AtomicInteger();
    this.jobs =
        Executors.newFixedThreadPool(
            threads, r -> daemon(r, "sediment-worker-job-" + jobThreads.incrementAndGet()));
    server.setExecutor(requests);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Loads the configuration and Hadoop's file-system machinery (user, metrics, service loading)
   * before the first job: done inside a job, on a busy machine, it can take longer than the
   * client's heartbeat window and get a healthy worker's first attempt given up.
   */
  private static void warmUp(Configuration conf) {
    try {
      org.apache.hadoop.fs.FileSystem.newInstance(URI.create("file:///"), conf).close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("file-system warm-up failed (the first job pays it): {}", e.toString());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** A builder; {@link Builder#token} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the worker listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The worker's base URI, for {@link RemoteCompactionService.Builder#workers}. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    String host =
        a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort());
  }

  /** Jobs started so far. */
  public long jobsStarted() {
    return started.get();
  }

  /** Jobs that succeeded so far. */
  public long jobsSucceeded() {
    return succeeded.get();
  }

  /** Outputs of earlier attempts that jobs of this worker took over instead of rewriting. */
  public long outputsReused() {
    return reused.get();
  }

  /** Jobs that failed or were cancelled so far. */
  public long jobsFailed() {
    return failed.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getPath();
      if (method.equals("GET") && path.equals("/health")) {
        reply(ex, 200, "ok\n");
        return;
      }
      if (!authorized(ex)) {
        reply(ex, 401, "missing or wrong token\n");
        return;
      }
      if (path.equals("/jobs") && method.equals("POST")) {
        submit(ex);
      } else if (path.equals("/metrics") && method.equals("GET")) {
        reply(ex, 200, metricsText());
      } else if (path.startsWith("/jobs/")) {
        jobRequest(ex, method, path.substring("/jobs/".length()));
      } else {
        reply(ex, 404, "no such endpoint: " + method + " " + path + "\n");
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("compaction worker request failed: {}", e.toString());
    }
  }

  private boolean authorized(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    return MessageDigest.isEqual(given, token);
  }

  private void submit(HttpExchange ex) throws IOException {
    byte[] body = readBody(ex);
    if (body == null) {
      rejected.incrementAndGet();
      reply(ex, 400, "job larger than " + CompactionWireFormat.MAX_MESSAGE_BYTES + " bytes\n");
      return;
    }
    String peer = "job from " + ex.getRemoteAddress();
    CompactionJob job;
    String resumeFrom;
    MergeFunction mf;
    CompactionFilter filter;
    try {
      CompactionWireFormat.JobMessage message = CompactionWireFormat.decodeJobMessage(body, peer);
      job = message.job();
      resumeFrom = message.resumeFrom();
      mf = job.mergeFunctionName() == null ? null : mergeFunctions.get(job.mergeFunctionName());
      filter =
          job.compactionFilterName() == null
              ? null
              : CompactionFilters.byName(
                  job.compactionFilterName(), job.compactionFilterConfig(), clock, listLengths);
      if (job.outputDirectory().isEmpty()) {
        throw new IllegalArgumentException("job " + job.jobId() + " names no output directory");
      }
    } catch (CorruptionException | IllegalArgumentException e) {
      rejected.incrementAndGet();
      reply(ex, 400, "refused: " + e.getMessage() + "\n");
      return;
    }
    if (busy.incrementAndGet() > threads) {
      busy.decrementAndGet();
      reply(ex, 503, "busy: " + threads + " jobs running\n");
      return;
    }
    String handle = "j" + handles.incrementAndGet();
    WorkerJob w = new WorkerJob(job);
    byHandle.put(handle, w);
    trimFinished();
    started.incrementAndGet();
    try {
      jobs.execute(() -> run(w, mf, filter, resumeFrom));
    } catch (RuntimeException e) {
      busy.decrementAndGet();
      byHandle.remove(handle);
      reply(ex, 503, "worker is shutting down\n");
      return;
    }
    reply(ex, 202, handle + "\n");
  }

  private void run(WorkerJob w, MergeFunction mf, CompactionFilter filter, String resumeFrom) {
    CompactionJob job = w.job();
    try {
      CompactionResult result = CompactionJobs.run(job, conf, mf, filter, w.progress(), resumeFrom);
      reused.addAndGet(w.progress().reusedOutputs());
      bytesIn.addAndGet(job.inputBytes());
      long out = 0;
      for (StoreFile f : result.outputs()) {
        out += f.sizeBytes();
      }
      bytesOut.addAndGet(out);
      w.succeeded(CompactionWireFormat.encodeResult(result));
      succeeded.incrementAndGet();
      LOG.info(
          "compaction job {} attempt {}: {} outputs, {} bytes",
          job.jobId(),
          job.attempt(),
          result.outputs().size(),
          out);
    } catch (IOException | RuntimeException e) {
      failed.incrementAndGet();
      w.failed(e.getMessage() != null ? e.getMessage() : e.toString());
      LOG.warn("compaction job {} attempt {} failed: {}", job.jobId(), job.attempt(), e.toString());
    } finally {
      busy.decrementAndGet();
    }
  }

  private void jobRequest(HttpExchange ex, String method, String rest) throws IOException {
    boolean result = rest.endsWith("/result");
    String handle = result ? rest.substring(0, rest.length() - "/result".length()) : rest;
    WorkerJob w = byHandle.get(handle);
    if (w == null) {
      reply(ex, 404, "no job " + handle + "\n");
      return;
    }
    if (result && method.equals("GET")) {
      byte[] bytes = w.result();
      if (bytes == null) {
        reply(ex, 409, w.status().toText());
      } else {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    } else if (!result && method.equals("GET")) {
      reply(ex, 200, w.status().toText());
    } else if (!result && method.equals("DELETE")) {
      w.progress().cancel();
      WorkerStatus s = w.status();
      if (s.state().terminal()) {
        byHandle.remove(handle);
      }
      reply(ex, 200, s.toText());
    } else {
      reply(ex, 405, "method " + method + " not allowed here\n");
    }
  }

  private void trimFinished() {
    if (byHandle.size() <= RETAINED_FINISHED + threads) {
      return;
    }
    byHandle.entrySet().stream()
        .filter(e -> e.getValue().status().state().terminal())
        .map(Map.Entry::getKey)
        .sorted(
            (a, b) -> Long.compare(Long.parseLong(a.substring(1)), Long.parseLong(b.substring(1))))
        .limit(byHandle.size() - (long) RETAINED_FINISHED)
        .forEach(byHandle::remove);
  }

  private String metricsText() {
    return "jobs-started="
        + started.get()
        + "\njobs-succeeded="
        + succeeded.get()
        + "\njobs-failed="
        + failed.get()
        + "\njobs-refused="
        + rejected.get()
        + "\njobs-running="
        + busy.get()
        + "\nbytes-in="
        + bytesIn.get()
        + "\nbytes-out="
        + bytesOut.get()
        + "\noutputs-reused="
        + reused.get()
        + "\n";
  }

  /** The body, or null if it is larger than a message may be. */
  private static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(CompactionWireFormat.MAX_MESSAGE_BYTES + 1);
      return body.length > CompactionWireFormat.MAX_MESSAGE_BYTES ? null : body;
    }
  }

  private static void reply(HttpExchange ex, int code, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the server, cancels running jobs and waits up to a minute for them. Idempotent. */
  @Override
  public void close() {
    server.stop(0);
    for (WorkerJob w : byHandle.values()) {
      w.progress().cancel();
    }
    jobs.shutdown();
    requests.shutdown();
    try {
      jobs.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Settings of a worker; plain values, validated by {@link #start()}. */
  public static final class Builder {
    private int port;
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private String token;
    private int threads = 1;
    private Configuration conf = new Configuration();
    private MergeFunctionRegistry mergeFunctions = MergeFunctionRegistry.builtIns();
    private Clock clock = Clock.systemUTC();
    private Map<String, ListElementLength> listLengths = Map.of();

    private Builder() {}

    /**
     * The port to listen on; 0 (the default) picks a free one.
     *
     * @throws IllegalArgumentException naming the value if outside 0..65535
     */
    public Builder port(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port out of range: " + p);
      }
      this.port = p;
      return this;
    }

    /** The address to listen on; the loopback address unless set. */
    public Builder bind(InetAddress address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The shared secret every request but {@code GET /health} must carry.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder token(String t) {
      if (t == null || t.isBlank()) {
        throw new IllegalArgumentException("token must not be blank");
      }
      this.token = t;
      return this;
    }

    /**
     * Jobs run at once (default 1); more submissions get 503.
     *
     * @throws IllegalArgumentException naming the value if not positive
     */
    public Builder threads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("worker threads must be positive: " + n);
      }
      this.threads = n;
      return this;
    }

    /** Hadoop configuration for the stores' file systems. */
    public Builder hadoopConfiguration(Configuration c) {
      this.conf = Objects.requireNonNull(c, "configuration");
      return this;
    }

    /** The merge functions jobs may name (default: the built-ins). */
    public Builder mergeFunctions(MergeFunctionRegistry registry) {
      this.mergeFunctions = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The clock of TTL filters (default: the system clock). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** List element lengths a TTL filter configuration may name besides {@code fixed:N}. */
    public Builder listElementLengths(Map<String, ListElementLength> lengths) {
      this.listLengths = Objects.requireNonNull(lengths, "lengths");
      return this;
    }

    /**
     * Starts a worker listening on the configured address.
     *
     * @throws IllegalStateException if no token was given
     * @throws IOException if the address cannot be bound
     */
    public CompactionWorker start() throws IOException {
      if (token == null) {
        throw new IllegalStateException("a compaction worker needs a token");
      }
      return new CompactionWorker(this);
    }
  }
}
