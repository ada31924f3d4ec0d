package io.sediment.fs;

import java.net.URI;
import java.util.Locale;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.util.VersionInfo;

/**
 * Explains a failure to load the Hadoop {@code FileSystem} class for a URI's scheme: which URI,
 * which scheme, and for the object-store schemes whose connectors Sediment does not bundle, which
 * artifact to add to the classpath.
 */
final class MissingFileSystem {

  private MissingFileSystem() {}

  /**
   * The message for {@code failure} if it says that no file-system class for {@code uri}'s scheme
   * could be found or loaded; otherwise null.
   */
  static String describe(URI uri, Throwable failure) {
    if (!isMissingClass(failure)) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    // A wrapper scheme (latency+s3a) names the scheme that failed to load last.
    String inner = scheme.substring(scheme.lastIndexOf('+') + 1);
    StringBuilder b =
        new StringBuilder("cannot open file system for ")
            .append(uri)
            .append(": no Hadoop FileSystem for scheme '")
            .append(inner)
            .append("' could be loaded (")
            .append(rootMessage(failure))
            .append(')');
    String hadoop = VersionInfo.getVersion();
    switch (inner) {
      case "s3a" ->
          b.append("; add org.apache.hadoop:hadoop-aws:")
              .append(hadoop)
              .append(" (the Hadoop version Sediment uses) and the AWS SDK v2 modules it needs")
              .append(
                  " (software.amazon.awssdk:s3, s3-transfer-manager, sts, apache-client, or the")
              .append(" software.amazon.awssdk:bundle jar) to the classpath");
      case "abfs", "abfss", "wasb", "wasbs" ->
          b.append("; add org.apache.hadoop:hadoop-azure:")
              .append(hadoop)
              .append(" to the classpath");
      case "gs" -> b.append("; add Google's gcs-connector for Hadoop 3 to the classpath");
      default -> b.append("; add the jar that provides it to the classpath");
    }
    return b.toString();
  }

  private static boolean isMissingClass(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ClassNotFoundException
          || t instanceof NoClassDefFoundError
          || t instanceof UnsupportedFileSystemException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
