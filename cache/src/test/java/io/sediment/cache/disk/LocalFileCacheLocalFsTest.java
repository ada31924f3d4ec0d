package io.sediment.cache.disk;

import io.sediment.fs.FileSystemView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file cache in front of the local file system addressed as {@code file://}. */
class LocalFileCacheLocalFsTest implements ReadPathScenarios, FailureScenarios {

  @TempDir Path cacheDir;
  @TempDir Path remoteRoot;
  private final ManualClock clock = new ManualClock();

  @Override
  public FileSystemView remote() throws IOException {
    Path dir = Files.createDirectories(remoteRoot.resolve("remote"));
    return FileSystemView.open(dir.toUri().toString(), null);
  }

  @Override
  public Path cacheDir() {
    return cacheDir;
  }

  @Override
  public ManualClock clock() {
    return clock;
  }
}
