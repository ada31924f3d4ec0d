package io.sediment.compaction;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A local file system whose opens of SSTs take {@code sediment.test.slow-open-ms} milliseconds, the
 * latency of a far-away DFS: a worker using it stays inside a job long enough to be stopped or
 * killed mid-job.
 */
public class SlowReadsFileSystem extends RawLocalFileSystem {

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (f.getName().endsWith(".sst")) {
      long millis = getConf().getLong("sediment.test.slow-open-ms", 0);
      try {
        Thread.sleep(millis); // simulated storage latency, inside the worker under test
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted opening " + f);
      }
    }
    return super.open(f, bufferSize);
  }
}
