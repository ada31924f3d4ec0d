package io.sediment.jmh;

import io.sediment.fs.wrap.LatencyModel;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The file system a checkpoint or restore benchmark runs on: the local disk as it is, or the local
 * disk behind the latency-injecting wrapper, charging a fixed 1 ms for every file-system operation
 * (open, create, status, list, delete, every read and write call, sync, close) to imitate a remote
 * DFS or object store. Bytes cost nothing extra: the wrapper's per-byte cost is left off, so the
 * figures show what round trips cost, not a particular bandwidth.
 */
public enum FsKind {
  FILE(""),
  LATENCY("latency+");

  /** The latency per operation of {@link #LATENCY}. */
  public static final String LATENCY_PER_OP = "1ms";

  private final String schemePrefix;

  FsKind(String schemePrefix) {
    this.schemePrefix = schemePrefix;
  }

  /** The URI of a local directory on this file system, e.g. {@code latency+file:///tmp/x}. */
  public String uri(Path dir) {
    return schemePrefix + dir.toAbsolutePath().toUri();
  }

  /** A Hadoop configuration holding this file system's latency keys. */
  public Configuration configuration() {
    Configuration conf = new Configuration();
    if (this == LATENCY) {
      conf.set(LatencyModel.DEFAULT_KEY, LATENCY_PER_OP);
    }
    return conf;
  }
}
