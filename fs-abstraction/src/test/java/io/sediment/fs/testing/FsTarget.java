package io.sediment.fs.testing;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;

/**
 * A file system that contract tests run against: the local disk or an in-process HDFS. Tests ask it
 * for a fresh directory URI per test, so they never see each other's files.
 */
public interface FsTarget {

  /** A URI of a directory no test has used yet (it need not exist). */
  URI freshDir(String name);

  /** The configuration to open the target's URIs with (a copy the caller may change). */
  Configuration configuration();

  /** Short name for messages, e.g. {@code file} or {@code hdfs}. */
  String label();
}
