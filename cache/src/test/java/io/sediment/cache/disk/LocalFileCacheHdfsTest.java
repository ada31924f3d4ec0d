package io.sediment.cache.disk;

import io.sediment.fs.FileSystemView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The file cache in front of a real in-process HDFS (one cluster for the whole class). */
class LocalFileCacheHdfsTest implements ReadPathScenarios, FailureScenarios {

  private static MiniDFSCluster cluster;
  private static int views;

  @TempDir java.nio.file.Path cacheDir;
  private final ManualClock clock = new ManualClock();

  @BeforeAll
  static void startCluster() throws IOException {
    Configuration conf = new Configuration();
    File base = Files.createTempDirectory("minidfs").toFile();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
    cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).build();
    cluster.waitActive();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  @Override
  public FileSystemView remote() throws IOException {
    return FileSystemView.wrap(cluster.getFileSystem(), new Path("/cache-test-" + views++));
  }

  @Override
  public java.nio.file.Path cacheDir() {
    return cacheDir;
  }

  @Override
  public ManualClock clock() {
    return clock;
  }

  @Override
  public int readsPerThread() {
    return 150;
  }

  @Override
  public int fileCount() {
    return 12;
  }
}
