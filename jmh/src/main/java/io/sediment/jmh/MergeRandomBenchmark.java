package io.sediment.jmh;

import io.sediment.compaction.MergeValues;
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
 * db_bench's mergerandom with a counter: adds 1 to a random one of {@code keys} counters. RocksDB
 * and ForSt use their built-in {@code uint64add} operator, Sediment the same operator as a merge
 * function ({@link Workloads#counterMerge()}), on the same 8-byte little-endian operands. At the
 * end of the trial the counters are summed and must equal the number of merges, so an engine that
 * drops operands fails the run instead of looking fast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class MergeRandomBenchmark {

  @Param({"SEDIMENT", "ROCKSDB", "FORST"})
  public Engine engine;

  /** Key bytes; counters are always 8 bytes. */
  @Param({"16"})
  public int keyBytes;

  @Param({"67108864"})
  public long memtableBytes;

  @Param({"268435456"})
  public long blockCacheBytes;

  @Param({"100000"})
  public long keys;

  private StoreFixture fixture;
  private KeyValueGenerator keyValues;
  private SplittableRandom random;
  private long merges;

  @Setup(Level.Trial)
  public void open() throws IOException {
    fixture = new StoreFixture(engine, BenchSettings.of(memtableBytes, blockCacheBytes));
    keyValues = new KeyValueGenerator(keyBytes, 8, Workloads.DATA_SEED);
    random = Workload.MERGERANDOM.random(0);
    merges = 0;
  }

  @Benchmark
  public void mergerandom() throws IOException {
    fixture.store.merge(
        keyValues.key(Workload.MERGERANDOM.keyIndex(merges, random, keys)),
        Workloads.mergeOperand());
    merges++;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    BenchReport.writeAmplification(
        "mergerandom", engine, "" + keyBytes + "/8", fixture.store.writeAmplification());
    long sum = 0;
    for (long i = 0; i < keys; i++) {
      byte[] counter = fixture.store.get(keyValues.key(i));
      sum += counter == null ? 0 : MergeValues.readUint64(counter);
    }
    fixture.close();
    if (sum != merges) {
      throw new IllegalStateException(
          engine + ": counters sum to " + sum + " after " + merges + " merges");
    }
  }
}
