package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Zipfian readrandom through the tiers: Sediment on simulated remote storage ({@code
 * latency+file://}, a fixed sleep before every read call) with a block cache and a local-disk file
 * cache, each holding {@code cachePercent}% of the dataset's SST bytes, next to the same dataset on
 * the plain local file system (same block cache, no file cache) and RocksDB on local disk with the
 * same block cache. The file cache's granularity is part of the store parameter.
 *
 * <p>Keys are drawn with YCSB's scrambled zipfian ({@link Zipfian}, skew {@code theta}) from one
 * seeded source per thread. Before measuring, {@code warmupGets} lookups of the same distribution
 * (from other seeds, on 64 threads) bring the tiers to their steady state. {@code zipfian} reads on
 * one thread; {@code zipfian64Threads} on 64, the many requests in flight of a stream task.
 *
 * <p>The dataset is built once and reused by every trial (see {@link TieredDataset}); delete {@code
 * sediment.bench.dir} afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class TieredReadsBenchmark {

  @Param({"LOCAL", "REMOTE_SEGMENTS", "REMOTE_WHOLE_FILE", "ROCKSDB"})
  public TieredStore store;

  /** Entries in the dataset: 2.6 million 16/100-byte entries are about 300 MB of user data. */
  @Param({"2600000"})
  public long datasetKeys;

  @Param({"16/100"})
  public String kv;

  /** Each tier's budget, in percent of the dataset's SST bytes. */
  @Param({"10"})
  public int cachePercent;

  /** Zipfian skew. */
  @Param({"0.99"})
  public double theta;

  /** Sleep before every read call on the remote file system. */
  @Param({"1000"})
  public int remoteReadMicros;

  @Param({"1000000"})
  public long warmupGets;

  /** The file cache's segment size (remote stores in segment mode). */
  @Param({"1048576"})
  public int segmentBytes;

  TieredFixture fixture;
  KeyValueGenerator keyValues;
  Zipfian zipfian;

  /** One thread's seeded source and key buffer. */
  @State(Scope.Thread)
  public static class Cursor {
    SplittableRandom random;
    byte[] key;

    @Setup(Level.Trial)
    public void seed(ThreadParams thread) {
      random = new SplittableRandom(31 + thread.getThreadIndex());
    }
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    keyValues = KeyValueGenerator.ofShape(kv);
    zipfian = new Zipfian(datasetKeys, theta);
    fixture =
        TieredFixture.open(
            store, keyValues, datasetKeys, cachePercent, remoteReadMicros, segmentBytes);
    fixture.warm(warmupGets, 64, keyValues, zipfian::next);
  }

  /** One lookup of a zipfian key that exists. */
  @Benchmark
  @Threads(1)
  public byte[] zipfian(Cursor c) throws IOException {
    return lookup(c);
  }

  /** The same on 64 threads at once. */
  @Benchmark
  @Threads(64)
  public byte[] zipfian64Threads(Cursor c) throws IOException {
    return lookup(c);
  }

  private byte[] lookup(Cursor c) throws IOException {
    if (c.key == null) {
      c.key = new byte[keyValues.keyBytes()];
    }
    keyValues.writeKey(zipfian.next(c.random), c.key);
    return fixture.get(c.key);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    fixture.report("zipfian", kv);
    fixture.close();
  }
}
