package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.Workload;
import java.io.IOException;
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
 * db_bench's fillseq: puts of keys in ascending order into a store that starts empty, the best case
 * for an LSM (flushed files never overlap, so compactions are trivial moves).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class FillSeqBenchmark {

  @Param({"SEDIMENT", "ROCKSDB", "FORST"})
  public Engine engine;

  /** Key and value bytes, "key/value": db_bench's default and a larger-value case. */
  @Param({"16/100", "20/400"})
  public String kv;

  @Param({"67108864"})
  public long memtableBytes;

  @Param({"268435456"})
  public long blockCacheBytes;

  private StoreFixture fixture;
  private KeyValueGenerator keyValues;
  private long next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    fixture = new StoreFixture(engine, BenchSettings.of(memtableBytes, blockCacheBytes));
    keyValues = KeyValueGenerator.ofShape(kv);
    next = 0;
  }

  @Benchmark
  public void fillseq() throws IOException {
    long step = next++;
    long index = Workload.FILLSEQ.keyIndex(step, null, Long.MAX_VALUE);
    fixture.store.put(
        keyValues.key(index), keyValues.value(Workload.FILLSEQ.valueIndex(index, step)));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    BenchReport.writeAmplification("fillseq", engine, kv, fixture.store.writeAmplification());
    BenchReport.spaceAmplification("fillseq", engine, kv, fixture.store, next, keyValues);
    fixture.close();
  }
}
