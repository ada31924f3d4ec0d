package io.sediment.compaction;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A local file system whose opens of SSTs for reading wait until {@link #release()}, so a job on a
 * worker stays running for as long as a test needs. One gate for the JVM: tests using it release it
 * when done.
 */
public class BlockingReadsFileSystem extends RawLocalFileSystem {

  private static volatile CountDownLatch gate = new CountDownLatch(1);

  /** Closes the gate: reads from now on wait. */
  static void block() {
    gate = new CountDownLatch(1);
  }

  /** Lets every waiting and future read through. */
  static void release() {
    gate.countDown();
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (f.getName().endsWith(".sst")) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted opening " + f);
      }
    }
    return super.open(f, bufferSize);
  }
}
