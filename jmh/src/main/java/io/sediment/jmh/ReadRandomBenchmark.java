package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.Workload;
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
 * db_bench's readrandom on a compacted dataset that fits the block cache: gets of keys that exist,
 * uniformly at random. The default 8.6 million 16/100-byte entries are about 1 GB of user data;
 * smaller {@code keys} make a quick run. Run with {@code -prof gc} for bytes allocated per get.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g", "-XX:+UseParallelGC"})
public class ReadRandomBenchmark {

  @Param({"SEDIMENT", "ROCKSDB", "FORST"})
  public Engine engine;

  /** Key and value bytes, "key/value": db_bench's default and a larger-value case. */
  @Param({"16/100", "20/400"})
  public String kv;

  @Param({"67108864"})
  public long memtableBytes;

  @Param({"2147483648"})
  public long blockCacheBytes;

  @Param({"8600000"})
  public long keys;

  private StoreFixture fixture;
  private KeyValueGenerator keyValues;
  private SplittableRandom random;
  private byte[] key;

  @Setup(Level.Trial)
  public void load() throws IOException {
    fixture = new StoreFixture(engine, BenchSettings.of(memtableBytes, blockCacheBytes));
    keyValues = KeyValueGenerator.ofShape(kv);
    fixture.prepare(Workload.READRANDOM, keyValues, keys);
    random = Workload.READRANDOM.random(0);
    key = new byte[keyValues.keyBytes()];
    // One pass over every key warms the block cache, so the run measures the cached path.
    for (long i = 0; i < keys; i++) {
      keyValues.writeKey(i, key);
      if (fixture.store.get(key) == null) {
        throw new IllegalStateException("loaded key " + i + " not found in " + engine);
      }
    }
  }

  /** Reuses one key buffer, so the allocation profile shows the engine's own garbage. */
  @Benchmark
  public byte[] readrandom() throws IOException {
    keyValues.writeKey(Workload.READRANDOM.keyIndex(0, random, keys), key);
    return fixture.store.get(key);
  }

  /** The same operation sampled for its latency distribution (p50, p99 in the JSON). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] readrandomLatency() throws IOException {
    return readrandom();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    BenchReport.spaceAmplification("readrandom", engine, kv, fixture.store, keys, keyValues);
    fixture.close();
  }
}
