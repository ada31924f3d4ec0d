package io.sediment.fs.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process HDFS (NameNode + one DataNode) per test class, as a JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension static final MiniDfs DFS = new MiniDfs();
 * ... FileSystemView.open(DFS.freshDir("t"), DFS.configuration()) ...
 * }</pre>
 *
 * <p>The cluster starts before the class's first test and shuts down after its last one;
 * {@code @Nested} classes share their enclosing class's cluster. Its data lives under {@code
 * target/minidfs/<class>} of the module that runs the test and is removed at shutdown. A first
 * cluster in a JVM takes several seconds to start, later ones about four: share one per class.
 */
public final class MiniDfs implements FsTarget, BeforeAllCallback, AfterAllCallback {

  private final AtomicInteger dirs = new AtomicInteger();
  private MiniDFSCluster cluster;
  private Class<?> owner;
  private Configuration conf;
  private URI uri;
  private Path baseDir;

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws IOException {
    if (cluster != null) {
      return; // a @Nested class of the class that started it
    }
    owner = context.getRequiredTestClass();
    baseDir = Paths.get("target", "minidfs", owner.getSimpleName()).toAbsolutePath();
    deleteTree(baseDir);
    Files.createDirectories(baseDir);
    Configuration c = new Configuration();
    c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
    // Closing a file waits until the NameNode knows its last block is stored, polling with a
    // backoff that starts at 400 ms; the single local DataNode reports within milliseconds, so a
    // short first delay (with more retries) keeps tests fast without changing what they check.
    c.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
    c.setInt("dfs.client.block.write.locateFollowingBlock.retries", 12);
    long startNanos = System.nanoTime();
    MiniDFSCluster started =
        new MiniDFSCluster.Builder(c, baseDir.toFile()).numDataNodes(1).build();
    try {
      started.waitActive();
    } catch (IOException | RuntimeException e) {
      started.shutdown(true);
      throw e;
    }
    cluster = started;
    conf = c;
    uri = started.getFileSystem().getUri();
    System.out.printf(
        "MiniDfs for %s at %s started in %d ms%n",
        owner.getSimpleName(), uri, (System.nanoTime() - startNanos) / 1_000_000);
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (cluster == null || context.getRequiredTestClass() != owner) {
      return;
    }
    long stopNanos = System.nanoTime();
    cluster.shutdown(true);
    cluster = null;
    System.out.printf(
        "MiniDfs for %s stopped in %d ms%n",
        owner.getSimpleName(), (System.nanoTime() - stopNanos) / 1_000_000);
    deleteTree(baseDir);
  }

  /** The running cluster. */
  public synchronized MiniDFSCluster cluster() {
    checkRunning();
    return cluster;
  }

  /** {@code hdfs://localhost:<port>} of the running cluster. */
  public synchronized URI uri() {
    checkRunning();
    return uri;
  }

  @Override
  public synchronized Configuration configuration() {
    checkRunning();
    return new Configuration(conf);
  }

  @Override
  public URI freshDir(String name) {
    return uri().resolve("/test/" + name + "-" + dirs.incrementAndGet());
  }

  @Override
  public String label() {
    return "hdfs";
  }

  private void checkRunning() {
    if (cluster == null) {
      throw new IllegalStateException(
          "MiniDfs is not running: register it with @RegisterExtension on a static field");
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + dir, e);
    }
  }
}
