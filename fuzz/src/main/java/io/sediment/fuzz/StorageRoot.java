package io.sediment.fuzz;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;

/**
 * A directory on some Hadoop file system under which stores are created, one fresh sub-directory
 * per store: a local temp dir ({@code file:///...}), an in-process HDFS ({@code hdfs://...}), or a
 * wrapping test file system. Thread-safe.
 */
public final class StorageRoot {

  private final String uri;
  private final Configuration conf;
  private final AtomicLong counter = new AtomicLong();

  /**
   * @param uri the directory's URI
   * @param conf the Hadoop configuration to reach it, or null for the default
   * @throws IllegalArgumentException if the URI is null or blank
   */
  public StorageRoot(String uri, Configuration conf) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("storage root URI must not be empty: '" + uri + "'");
    }
    while (uri.endsWith("/") && uri.length() > 1) {
      uri = uri.substring(0, uri.length() - 1);
    }
    this.uri = uri;
    this.conf = conf;
  }

  /** The root's URI, without a trailing slash. */
  public String uri() {
    return uri;
  }

  /** The Hadoop configuration to reach the root, or null for the default. */
  public Configuration conf() {
    return conf;
  }

  /** The URI of a new directory under the root, named after {@code hint} plus a counter. */
  public String newDirUri(String hint) {
    return uri + "/" + hint.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + counter.incrementAndGet();
  }

  @Override
  public String toString() {
    return uri;
  }
}
