package io.sediment.fs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;

/**
 * Fresh {@code file://} directories for tests, under {@code java.io.tmpdir} (which the build points
 * at {@code target/tmp}).
 */
public final class LocalTempDirs implements FsTarget {

  /** The shared instance; directories are unique per call. */
  public static final LocalTempDirs INSTANCE = new LocalTempDirs();

  private LocalTempDirs() {}

  /** Creates a new empty directory whose name starts with {@code prefix} and returns it. */
  public static Path freshPath(String prefix) {
    try {
      Path base = Paths.get(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix + "-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** A {@code file://} URI of a new empty directory whose name starts with {@code prefix}. */
  public static URI fresh(String prefix) {
    return freshPath(prefix).toUri();
  }

  @Override
  public URI freshDir(String name) {
    return fresh(name);
  }

  @Override
  public Configuration configuration() {
    return new Configuration();
  }

  @Override
  public String label() {
    return "file";
  }
}
