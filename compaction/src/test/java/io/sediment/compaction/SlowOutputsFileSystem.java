package io.sediment.compaction;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A local file system on which creating a job's output SST after its first takes {@code
 * sediment.test.slow-create-ms} milliseconds: a worker using it finishes its outputs one at a time,
 * slowly, so that it can be killed after a chosen number of them.
 */
public class SlowOutputsFileSystem extends RawLocalFileSystem {

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    String name = f.getName();
    if (f.toString().contains("/compactions/")
        && name.endsWith(".sst")
        && !name.equals("000001.sst")) {
      try {
        Thread.sleep(getConf().getLong("sediment.test.slow-create-ms", 0)); // a slow worker
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted creating " + f);
      }
    }
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
