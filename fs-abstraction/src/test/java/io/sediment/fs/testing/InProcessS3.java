package io.sediment.fs.testing;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.options.CreateContainerOptions;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process S3 API server per test class (S3Proxy over an in-memory blob store, on {@code
 * 127.0.0.1} and an ephemeral port), as a JUnit 5 extension, with one bucket that the tests reach
 * through Hadoop's S3A connector:
 *
 * <pre>{@code
 * @RegisterExtension static final InProcessS3 S3 = new InProcessS3();
 * ... Db.open(DbOptions.builder(S3.freshDir("t").toString())
 *         .hadoopConfiguration(S3.configuration()).build()) ...
 * }</pre>
 *
 * <p>The server starts before the class's first test and stops after its last one ({@code @Nested}
 * classes share it); its objects live in memory and vanish with it. It checks AWS signatures, so
 * wrong credentials are refused as on S3. Every request it serves is counted, and chosen ones can
 * be failed, through {@link #requests()}.
 *
 * <p>{@link #configuration()} sets what S3A needs to talk to it (endpoint, path-style access, a
 * region, plain HTTP, the keys), selects the classic input stream, and keeps S3A's retries few and
 * short, so a test of a failing request takes milliseconds rather than minutes. Starting a server
 * takes well under a second.
 */
public final class InProcessS3 implements FsTarget, BeforeAllCallback, AfterAllCallback {

  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "sediment-test-access";

  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "sediment-test-secret";

  private final AtomicInteger dirs = new AtomicInteger();
  private final String bucket = "sediment-" + UUID.randomUUID().toString().substring(0, 8);
  private RecordingBlobStore blobStore;
  private S3Proxy proxy;
  private Class<?> owner;
  private URI endpoint;

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws Exception {
    if (proxy != null) {
      return; // a @Nested class of the class that started it
    }
    owner = context.getRequiredTestClass();
    start();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws Exception {
    if (proxy == null || context.getRequiredTestClass() != owner) {
      return;
    }
    stop();
  }

  /**
   * Starts the server outside JUnit (for a benchmark harness); {@link #stop()} stops it.
   *
   * @throws IllegalStateException if it is running already
   * @throws Exception if S3Proxy cannot start
   */
  public synchronized void start() throws Exception {
    if (proxy != null) {
      throw new IllegalStateException("the in-process S3 server is running already");
    }
    long startNanos = System.nanoTime();
    RecordingBlobStore store = new RecordingBlobStore(new TransientNio2BlobStore());
    store.createContainer(bucket, CreateContainerOptions.NONE);
    S3Proxy started =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    started.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(started.getState())) {
      if (System.nanoTime() > deadline) {
        started.stop();
        throw new IllegalStateException("S3Proxy did not start within 30 s: " + started.getState());
      }
      Thread.onSpinWait();
    }
    blobStore = store;
    proxy = started;
    endpoint = URI.create("http://127.0.0.1:" + started.getPort());
    store.resetCounts();
    System.out.printf(
        "InProcessS3 for %s at %s (bucket %s) started in %d ms%n",
        owner == null ? "a harness" : owner.getSimpleName(),
        endpoint,
        bucket,
        (System.nanoTime() - startNanos) / 1_000_000);
  }

  /**
   * Stops the server and drops its objects; nothing if it is not running.
   *
   * @throws Exception if S3Proxy fails to stop
   */
  public synchronized void stop() throws Exception {
    if (proxy == null) {
      return;
    }
    try {
      proxy.stop();
    } finally {
      proxy = null;
      blobStore.close();
      blobStore = null;
    }
  }

  /** The bucket the tests use. */
  public String bucket() {
    return bucket;
  }

  /** {@code http://127.0.0.1:<port>} of the running server. */
  public synchronized URI endpoint() {
    checkRunning();
    return endpoint;
  }

  /** {@code s3a://<bucket>/} of the running server. */
  public URI uri() {
    checkRunning();
    return URI.create("s3a://" + bucket + "/");
  }

  /** The request counters and fault controls of the running server. */
  public synchronized RecordingBlobStore requests() {
    checkRunning();
    return blobStore;
  }

  @Override
  public URI freshDir(String name) {
    return uri().resolve("/test/" + name + "-" + dirs.incrementAndGet());
  }

  @Override
  public synchronized Configuration configuration() {
    checkRunning();
    return s3aConfiguration(endpoint, ACCESS_KEY, SECRET_KEY);
  }

  @Override
  public String label() {
    return "s3";
  }

  @Override
  public boolean objectStore() {
    return true;
  }

  /**
   * The S3A settings for an S3-compatible server at {@code endpoint} with the given keys: what a
   * local server needs (path-style access, plain HTTP, any region) and, for tests, few and short
   * retries and timeouts.
   */
  public static Configuration s3aConfiguration(URI endpoint, String accessKey, String secretKey) {
    Configuration c = new Configuration();
    c.set("fs.s3a.endpoint", endpoint.toString());
    c.set("fs.s3a.endpoint.region", "us-east-1");
    c.setBoolean("fs.s3a.path.style.access", true);
    c.setBoolean("fs.s3a.connection.ssl.enabled", false);
    c.set(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    c.set("fs.s3a.access.key", accessKey);
    c.set("fs.s3a.secret.key", secretKey);
    // No bucket probe at start-up: a missing bucket shows on the first request.
    c.setInt("fs.s3a.bucket.probe", 0);
    // Retries: S3A's own policy twice, 10 ms apart; the SDK's once. A failing request fails fast.
    c.setInt("fs.s3a.attempts.maximum", 1);
    c.setInt("fs.s3a.retry.limit", 2);
    c.set("fs.s3a.retry.interval", "10ms");
    c.setInt("fs.s3a.retry.throttle.limit", 2);
    c.set("fs.s3a.retry.throttle.interval", "10ms");
    c.set("fs.s3a.connection.establish.timeout", "5s");
    c.set("fs.s3a.connection.timeout", "20s");
    c.set("fs.s3a.connection.request.timeout", "0s");
    // The classic input stream: positional reads of exactly the bytes asked for, and a response
    // cut off in mid-body is re-requested. Hadoop 3.5's default (the analytics stream) failed
    // such a read outright ("Stream is closed!").
    c.set("fs.s3a.input.stream.type", "classic");
    return c;
  }

  private void checkRunning() {
    if (proxy == null) {
      throw new IllegalStateException(
          "InProcessS3 is not running: register it with @RegisterExtension on a static field");
    }
  }
}
