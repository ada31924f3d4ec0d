package io.sediment.jmh;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Rescale to first read: from the checkpoints of the old instances of a {@link RescaleShape} to a
 * new instance's store opened for its key groups and its first {@code get} of a key of them
 * returning its value, one new instance per single-shot iteration into a fresh directory (the
 * median over the iterations is the figure to read). When one checkpoint splits into two stores,
 * the iterations alternate between the two new instances: each shot is what one new instance waits
 * for, which is what the job waits for when its instances restore in parallel.
 *
 * <p>Sediment: {@link io.sediment.snapshot.Restore#open(List, KeyGroupRange,
 * io.sediment.lsm.DbOptions)} on the deserialized handles (the new store's first manifest lists
 * clipped references to the checkpoints' files; nothing is copied), then the get. RocksDB: {@link
 * RocksDbRescale} (download the checkpoint with the largest overlap, open it, {@code deleteRange}
 * the key groups outside the target; download any other checkpoint, open it and move the target's
 * keys into the store as {@code merge} says), then the get. Cold caches for every shot; the key is
 * drawn anew each time.
 *
 * <p>Besides the score, each measured shot prints {@code # sediment-rescale-open ENGINE SHAPE FS
 * stateMb nanos}: the time until the new store was open, before the get. ENGINE is {@code SEDIMENT}
 * or {@code ROCKSDB-<rocksDbMerge>}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class RescaleBenchmark {

  @Param({"SEDIMENT", "ROCKSDB"})
  public Engine engine;

  /** Target size of the whole state's SST files in MiB (all old instances together). */
  @Param({"100", "1024", "4096"})
  public long stateMb;

  @Param({"FILE", "LATENCY"})
  public FsKind fs;

  @Param({"TWO_TO_ONE", "ONE_TO_TWO"})
  public RescaleShape shape;

  @Param({"16/100"})
  public String kv;

  /** How RocksDB moves a second checkpoint's keys in (Sediment ignores it). */
  @Param({"INGEST"})
  public RocksDbMerge rocksDbMerge;

  private RescaleTrial trial;
  private final SplittableRandom random = new SplittableRandom(23);
  private int shots;

  private boolean measured;
  private String name;
  private KeyGroupRange target;
  private byte[] key;
  private Db rescaled;
  private RocksDbStore rescaledRocks;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    trial = RescaleTrial.start(engine, stateMb, kv, shape, fs);
  }

  @Setup(Level.Iteration)
  public void prepare(IterationParams iteration) {
    measured = iteration.getType() == IterationType.MEASUREMENT;
    List<KeyGroupRange> targets = shape.targets();
    target = targets.get(shots % targets.size());
    name = "rescale-" + shots++;
    key = trial.randomKey(target, random);
  }

  @Benchmark
  public byte[] rescaleToFirstRead() throws IOException {
    long start = System.nanoTime();
    byte[] value;
    long open;
    if (engine == Engine.SEDIMENT) {
      rescaled = trial.rescaleSediment(target, name);
      open = System.nanoTime() - start;
      value = rescaled.get(key);
    } else {
      rescaledRocks = trial.rescaleRocksDb(target, name, rocksDbMerge);
      open = System.nanoTime() - start;
      value = rescaledRocks.get(key);
    }
    if (value == null) {
      throw new IllegalStateException(
          "rescaled " + engine + " store for " + target + " misses a key of its key groups");
    }
    if (measured) {
      System.out.printf(
          Locale.ROOT,
          "%n# sediment-rescale-open %s %s %s %d %d%n",
          engine == Engine.SEDIMENT ? engine : engine + "-" + rocksDbMerge,
          shape,
          fs,
          stateMb,
          open);
    }
    return value;
  }

  /** Closes the rescaled store and deletes its directory (never the checkpoints' files). */
  @TearDown(Level.Iteration)
  public void dropRescaled() throws IOException {
    if (rescaled != null) {
      rescaled.close();
      rescaled = null;
    }
    if (rescaledRocks != null) {
      rescaledRocks.close();
      rescaledRocks = null;
    }
    trial.deleteStore(name);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    trial.close();
  }
}
