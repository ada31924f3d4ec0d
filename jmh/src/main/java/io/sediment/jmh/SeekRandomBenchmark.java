package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.Workload;
import io.sediment.workloads.Workloads;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * db_bench's seekrandom with 100-entry scans: a new iterator seeks to a random existing key and
 * reads the next 100 entries, on a compacted store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class SeekRandomBenchmark {

  @Param({"SEDIMENT", "ROCKSDB", "FORST"})
  public Engine engine;

  /** Key and value bytes, "key/value": db_bench's default and a larger-value case. */
  @Param({"16/100", "20/400"})
  public String kv;

  @Param({"67108864"})
  public long memtableBytes;

  @Param({"268435456"})
  public long blockCacheBytes;

  @Param({"1000000"})
  public long keys;

  private StoreFixture fixture;
  private KeyValueGenerator keyValues;
  private SplittableRandom random;
  private byte[] key;

  @Setup(Level.Trial)
  public void load() throws IOException {
    fixture = new StoreFixture(engine, BenchSettings.of(memtableBytes, blockCacheBytes));
    keyValues = KeyValueGenerator.ofShape(kv);
    fixture.prepare(Workload.SEEKRANDOM, keyValues, keys);
    random = Workload.SEEKRANDOM.random(0);
    key = new byte[keyValues.keyBytes()];
    int expected = (int) Math.min(Workloads.SCAN_LENGTH, keys);
    keyValues.writeKey(0, key);
    int got = fixture.store.scan(key, Workloads.SCAN_LENGTH);
    if (got != expected) {
      throw new IllegalStateException(
          engine + " scanned " + got + " entries, expected " + expected);
    }
  }

  /** Returns the entries read (100 unless the seek lands near the end). */
  @Benchmark
  public int seekrandom() throws IOException {
    keyValues.writeKey(Workload.SEEKRANDOM.keyIndex(0, random, keys), key);
    return fixture.store.scan(key, Workloads.SCAN_LENGTH);
  }

  /** The same operation sampled for its latency distribution (p50, p99 in the JSON). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int seekrandomLatency() throws IOException {
    return seekrandom();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    BenchReport.spaceAmplification("seekrandom", engine, kv, fixture.store, keys, keyValues);
    fixture.close();
  }
}
