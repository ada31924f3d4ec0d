package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * Sorted batches of {@value #BATCH} zipfian lookups through {@code multiGet}, as the stream layer
 * sends its state reads: Sediment on simulated remote storage ({@code latency+file://}, a fixed
 * sleep before every read call, block cache and file cache each {@code cachePercent}% of the SST
 * bytes) next to the same batches on the plain local file system (same block cache). The dataset,
 * key distribution and warm-up are those of {@link TieredReadsBenchmark}; the score is lookups per
 * second, so the two stores compare directly.
 *
 * <p>Each batch is drawn (from one seeded source per thread) and sorted before its invocation, out
 * of the measured time. {@code sortedBatches} has one batch in flight; {@code
 * sortedBatches4Threads} four, as several tasks of a job would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class TieredBatchReadsBenchmark {

  static final int BATCH = 1000;

  @Param({"LOCAL", "REMOTE_SEGMENTS"})
  public TieredStore store;

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

  TieredFixture fixture;
  KeyValueGenerator keyValues;
  Zipfian zipfian;

  /** One thread's seeded source and its next batch, sorted. */
  @State(Scope.Thread)
  public static class Batch {
    SplittableRandom random;
    List<byte[]> keys;

    @Setup(Level.Trial)
    public void seed(ThreadParams thread) {
      random = new SplittableRandom(53 + thread.getThreadIndex());
    }

    @Setup(Level.Invocation)
    public void draw(TieredBatchReadsBenchmark b) {
      byte[][] drawn = new byte[BATCH][];
      for (int i = 0; i < BATCH; i++) {
        drawn[i] = b.keyValues.key(b.zipfian.next(random));
      }
      Arrays.sort(drawn, Arrays::compareUnsigned);
      keys = new ArrayList<>(Arrays.asList(drawn));
    }
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    if (store.engine != Engine.SEDIMENT) {
      throw new IllegalArgumentException("batched reads are measured on Sediment only: " + store);
    }
    keyValues = KeyValueGenerator.ofShape(kv);
    zipfian = new Zipfian(datasetKeys, theta);
    fixture = TieredFixture.open(store, keyValues, datasetKeys, cachePercent, remoteReadMicros);
    fixture.warm(warmupGets, 64, keyValues, zipfian::next);
  }

  /** One sorted batch at a time. */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(BATCH)
  public List<byte[]> sortedBatches(Batch batch) throws IOException {
    return lookup(batch);
  }

  /** Four threads, each with one sorted batch at a time. */
  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(BATCH)
  public List<byte[]> sortedBatches4Threads(Batch batch) throws IOException {
    return lookup(batch);
  }

  private List<byte[]> lookup(Batch batch) throws IOException {
    List<byte[]> values = fixture.multiGet(batch.keys);
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalStateException("a key the dataset holds was not found in " + store);
      }
    }
    return values;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    fixture.report("zipfianBatch", kv);
    fixture.close();
  }
}
