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
 * db_bench's overwrite: random updates of keys that already exist. The figure that matters besides
 * throughput is write amplification, printed at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class OverwriteBenchmark {

  @Param({"SEDIMENT", "ROCKSDB", "FORST"})
  public Engine engine;

  /** Key and value bytes, "key/value": db_bench's default and a larger-value case. */
  @Param({"16/100", "20/400"})
  public String kv;

  @Param({"67108864"})
  public long memtableBytes;

  @Param({"268435456"})
  public long blockCacheBytes;

  @Param({"2000000"})
  public long keys;

  private StoreFixture fixture;
  private KeyValueGenerator keyValues;
  private SplittableRandom random;
  private long step;

  @Setup(Level.Trial)
  public void load() throws IOException {
    fixture = new StoreFixture(engine, BenchSettings.of(memtableBytes, blockCacheBytes));
    keyValues = KeyValueGenerator.ofShape(kv);
    fixture.prepare(Workload.OVERWRITE, keyValues, keys);
    random = Workload.OVERWRITE.random(0);
    step = 0;
  }

  @Benchmark
  public void overwrite() throws IOException {
    long s = step++;
    long index = Workload.OVERWRITE.keyIndex(s, random, keys);
    fixture.store.put(
        keyValues.key(index), keyValues.value(Workload.OVERWRITE.valueIndex(index, s)));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    BenchReport.writeAmplification("overwrite", engine, kv, fixture.store.writeAmplification());
    BenchReport.spaceAmplification("overwrite", engine, kv, fixture.store, keys, keyValues);
    fixture.close();
  }
}
