package io.sediment.fs;

import io.sediment.fs.wrap.WrapperSchemes;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Opens a private (uncached) Hadoop {@link FileSystem} for a URI the way Sediment needs it.
 *
 * <ul>
 *   <li>{@code file:} URIs get an {@link ExclusiveLocalFileSystem}: raw (no {@code .crc} side
 *       files) and with an atomic create-if-absent. A {@code fs.file.impl} that names some other
 *       class than Hadoop's own local file systems is respected.
 *   <li>Composite schemes such as {@code latency+hdfs://nn:8020/db} select the test wrappers of
 *       {@link io.sediment.fs.wrap}; see {@link WrapperSchemes}.
 *   <li>Anything else goes to {@link FileSystem#newInstance(URI, Configuration)}.
 * </ul>
 */
public final class HadoopFileSystems {

  private HadoopFileSystems() {}

  /**
   * Opens a new file-system instance for {@code uri}; the caller owns it and must close it.
   *
   * @throws IOException naming the URI if no file system serves its scheme or it cannot be reached;
   *     when the scheme's FileSystem class cannot be loaded, the message says so and, for {@code
   *     s3a}, {@code abfs} and {@code gs}, which artifact to add
   */
  public static FileSystem newInstance(URI uri, Configuration conf) throws IOException {
    Objects.requireNonNull(uri, "uri");
    Configuration c = WrapperSchemes.configure(uri, conf == null ? new Configuration() : conf);
    FileSystem opened;
    try {
      opened = FileSystem.newInstance(uri, c);
    } catch (IOException | RuntimeException | LinkageError e) {
      String missing = MissingFileSystem.describe(uri, e);
      throw new IOException(
          missing != null ? missing : "cannot open file system for " + uri + ": " + e.getMessage(),
          e);
    }
    Class<?> type = opened.getClass();
    if (type == LocalFileSystem.class || type == RawLocalFileSystem.class) {
      // Hadoop's own local file systems: swap in the raw one with an atomic create-if-absent.
      opened.close();
      ExclusiveLocalFileSystem local = new ExclusiveLocalFileSystem();
      try {
        local.initialize(uri, c);
      } catch (IOException e) {
        throw new IOException("cannot open file system for " + uri + ": " + e.getMessage(), e);
      }
      local.setConf(c);
      return local;
    }
    return opened;
  }
}
