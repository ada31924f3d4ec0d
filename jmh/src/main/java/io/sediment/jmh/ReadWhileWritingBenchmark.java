package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.Workload;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * db_bench's readwhilewriting: one thread gets random existing keys while another overwrites random
 * keys, on a store loaded (not compacted) beforehand. JMH reports the two methods of the group
 * separately: {@code read} is the figure of interest, {@code write} shows the pressure.
 *
 * <p>The writer is paced to {@link #writeBytesPerSecond} bytes of keys and values a second, as
 * RocksDB's own benchmark scripts pace it ({@code --benchmark_write_rate_limit}, 2 MiB/s by
 * default): an unpaced writer takes as much of the machine as the engine lets it, so on two cores a
 * faster write path leaves less CPU to the reader and the read figure would compare write speeds,
 * not reads under the same write load. 0 lets the writer run flat out.
 */
@State(Scope.Group)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class ReadWhileWritingBenchmark {

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

  /** Bytes of keys and values the writer puts per second; 0 for no pacing. */
  @Param({"2097152"})
  public long writeBytesPerSecond;

  private StoreFixture fixture;
  private KeyValueGenerator keyValues;

  /** The reader's key choices. */
  @State(Scope.Thread)
  public static class ReaderRandom {
    SplittableRandom random;

    @Setup(Level.Trial)
    public void seed() {
      random = Workload.READWHILEWRITING.random(0);
    }
  }

  /** The writer's key choices, its step count and its pace. */
  @State(Scope.Thread)
  public static class WriterRandom {
    SplittableRandom random;
    WritePacer pacer;
    long step;

    @Setup(Level.Trial)
    public void seed(ReadWhileWritingBenchmark bench) {
      random = Workload.READWHILEWRITING.writerRandom();
      pacer = new WritePacer(bench.writeBytesPerSecond);
      step = 0;
    }
  }

  @Setup(Level.Trial)
  public void load() throws IOException {
    fixture = new StoreFixture(engine, BenchSettings.of(memtableBytes, blockCacheBytes));
    keyValues = KeyValueGenerator.ofShape(kv);
    fixture.prepare(Workload.READWHILEWRITING, keyValues, keys);
  }

  @Benchmark
  @Group("readwhilewriting")
  @GroupThreads(1)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] read(ReaderRandom r) throws IOException {
    byte[] value =
        fixture.store.get(keyValues.key(Workload.READWHILEWRITING.keyIndex(0, r.random, keys)));
    if (value == null) {
      throw new IllegalStateException(engine + " lost a loaded key");
    }
    return value;
  }

  @Benchmark
  @Group("readwhilewriting")
  @GroupThreads(1)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void write(WriterRandom w) throws IOException {
    long index = w.random.nextLong(keys);
    byte[] key = keyValues.key(index);
    byte[] value = keyValues.value(Workload.READWHILEWRITING.valueIndex(index, w.step++));
    w.pacer.awaitTurn(key.length + value.length);
    fixture.store.put(key, value);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    BenchReport.writeAmplification(
        "readwhilewriting", engine, kv, fixture.store.writeAmplification());
    BenchReport.spaceAmplification("readwhilewriting", engine, kv, fixture.store, keys, keyValues);
    fixture.close();
  }
}
