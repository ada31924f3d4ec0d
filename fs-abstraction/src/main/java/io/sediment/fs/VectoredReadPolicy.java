package io.sediment.fs;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * When a batch of reads of one file is best handed to the file system as one vectored read instead
 * of single positional reads spread over threads.
 *
 * <p>A vectored read costs no thread per range only where the stream serves it concurrently, which
 * its {@link StreamCapabilities#VECTOREDIO} capability declares (the latency-injecting wrapper
 * does; HDFS reads the ranges one by one). S3A serves vectored reads with parallel ranged GETs
 * without declaring it, and by default has only 4 merged ranges in flight per call ({@code
 * fs.s3a.vectored.active.ranged.reads}), which measured slower than 64 parallel positional reads
 * for a round of 16 or more blocks (BENCHMARKS.md, "Vectored reads for a batch round"); so on S3A
 * it counts only when that setting is at least {@value #MIN_S3A_RANGES_IN_FLIGHT}.
 */
final class VectoredReadPolicy {

  /** Ranges S3A must keep in flight per call for its vectored reads to be used. */
  static final int MIN_S3A_RANGES_IN_FLIGHT = 32;

  static final String S3A_RANGES_IN_FLIGHT_KEY = "fs.s3a.vectored.active.ranged.reads";

  private VectoredReadPolicy() {}

  /** Whether {@code in}, a stream of {@code fs}, serves vectored reads concurrently enough. */
  static boolean overlaps(FileSystem fs, FSDataInputStream in) {
    if (in.hasCapability(StreamCapabilities.VECTOREDIO)) {
      return true;
    }
    // S3A serves readVectored with parallel ranged GETs, though its streams (Hadoop 3.5.0) do not
    // declare the capability.
    return "s3a".equals(fs.getUri().getScheme())
        && fs.getConf().getInt(S3A_RANGES_IN_FLIGHT_KEY, 4) >= MIN_S3A_RANGES_IN_FLIGHT;
  }
}
