package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

/**
 * Uniform readrandom on simulated remote storage through the tiers (as in {@link
 * TieredReadsBenchmark}), one caller thread each way: synchronous {@code get}; {@code getAsync}
 * with {@value #IN_FLIGHT} requests in flight (a sliding window: a new request is issued as soon as
 * one completes); {@code multiGet} of {@value #IN_FLIGHT} keys per call. With uniform keys most
 * lookups miss both tiers, so this measures how well the store overlaps remote reads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class TieredAsyncReadsBenchmark {

  static final int IN_FLIGHT = 64;

  @Param({"REMOTE_SEGMENTS"})
  public TieredStore store;

  @Param({"2600000"})
  public long datasetKeys;

  @Param({"16/100"})
  public String kv;

  @Param({"10"})
  public int cachePercent;

  @Param({"1000"})
  public int remoteReadMicros;

  @Param({"200000"})
  public long warmupGets;

  private TieredFixture fixture;
  private KeyValueGenerator keyValues;
  private final SplittableRandom random = new SplittableRandom(17);
  private final Semaphore window = new Semaphore(IN_FLIGHT);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private byte[] key;

  @Setup(Level.Trial)
  public void open() throws IOException {
    keyValues = KeyValueGenerator.ofShape(kv);
    fixture = TieredFixture.open(store, keyValues, datasetKeys, cachePercent, remoteReadMicros);
    fixture.warm(warmupGets, 64, keyValues, r -> r.nextLong(datasetKeys));
    key = new byte[keyValues.keyBytes()];
  }

  /** One synchronous lookup at a time. */
  @Benchmark
  public byte[] get() throws IOException {
    keyValues.writeKey(random.nextLong(datasetKeys), key);
    return fixture.get(key);
  }

  /** Issues one lookup, first waiting while {@value #IN_FLIGHT} are in flight. */
  @Benchmark
  public void getAsync() throws InterruptedException {
    window.acquire();
    fixture
        .getAsync(keyValues.key(random.nextLong(datasetKeys)))
        .whenComplete(
            (value, error) -> {
              if (error == null && value == null) {
                error = new IllegalStateException("a loaded key was not found");
              }
              if (error != null) {
                failure.compareAndSet(null, error);
              }
              window.release();
            });
  }

  /** One batch of {@value #IN_FLIGHT} lookups. */
  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public List<byte[]> multiGet() throws IOException {
    List<byte[]> keys = new ArrayList<>(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      keys.add(keyValues.key(random.nextLong(datasetKeys)));
    }
    return fixture.multiGet(keys);
  }

  /** Lets the requests of an iteration finish before the next starts, and fails on an error. */
  @TearDown(Level.Iteration)
  public void drain() throws InterruptedException {
    window.acquire(IN_FLIGHT);
    window.release(IN_FLIGHT);
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("an asynchronous lookup failed", e);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    fixture.report("uniform", kv);
    fixture.close();
  }
}
