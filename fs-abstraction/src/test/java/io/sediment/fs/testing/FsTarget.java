package io.sediment.fs.testing;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;

/**
 * A file system that contract tests run against: the local disk, an in-process HDFS or an
 * in-process S3 API server. Tests ask it for a fresh directory URI per test, so they never see each
 * other's files.
 */
public interface FsTarget {

  /** A URI of a directory no test has used yet (it need not exist). */
  URI freshDir(String name);

  /** The configuration to open the target's URIs with (a copy the caller may change). */
  Configuration configuration();

  /** Short name for messages, e.g. {@code file}, {@code hdfs} or {@code s3}. */
  String label();

  /**
   * Whether the target is an object store: no real directories (a key may sit below another), no
   * {@code hsync} (a file appears whole at close, or not at all), and create-if-absent decided at
   * close by a conditional upload. False by default.
   */
  default boolean objectStore() {
    return false;
  }
}
