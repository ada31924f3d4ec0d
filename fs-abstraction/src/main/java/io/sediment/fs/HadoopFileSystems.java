package io.sediment.fs;

import io.sediment.fs.wrap.InterceptingFileSystem;
import io.sediment.fs.wrap.WrapperSchemes;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
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

  /**
   * The create-file option (and path capability) of a conditional create: the object is written at
   * close only if no object of that name exists then (S3's {@code If-None-Match: *}). S3A of Hadoop
   * 3.4.2 and later has it.
   */
  public static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";

  private HadoopFileSystems() {}

  /**
   * Creates {@code path} for writing, failing if it exists: of two concurrent creators of one name,
   * exactly one ends up with the file.
   *
   * <p>On HDFS and local disks the loser learns it at create ({@code FileAlreadyExistsException}).
   * Object stores have no create-time lock: there an object appears whole when its stream closes,
   * and an existence check before the upload would let two creators both win. Where the file system
   * offers {@link #CONDITIONAL_CREATE}, the upload at close is conditional instead, and the loser's
   * {@code close} fails with a precondition error ({@link #isPreconditionFailure} tells it apart).
   * The test wrappers of {@link io.sediment.fs.wrap} pass the conditional create through to the
   * file system they wrap.
   *
   * @throws IOException as the file system's {@code create}
   */
  public static FSDataOutputStream createIfAbsent(FileSystem fs, Path path, int bufferSize)
      throws IOException {
    if (fs instanceof InterceptingFileSystem wrapper) {
      return wrapper.createIfAbsent(path, bufferSize);
    }
    if (!fs.hasPathCapability(path, CONDITIONAL_CREATE)) {
      return fs.create(path, false, bufferSize);
    }
    FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(path);
    builder.overwrite(false);
    builder.recursive();
    builder.bufferSize(bufferSize);
    builder.must(CONDITIONAL_CREATE, true);
    return builder.build();
  }

  /**
   * Whether {@code e} (or a cause of it) is an object store refusing a conditional write because
   * the object exists: HTTP 412 Precondition Failed, which S3A reports as a {@code
   * RemoteFileChangedException}.
   */
  public static boolean isPreconditionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("PreconditionFailed") || message.contains("Status Code: 412")) {
        return true;
      }
    }
    return false;
  }

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
