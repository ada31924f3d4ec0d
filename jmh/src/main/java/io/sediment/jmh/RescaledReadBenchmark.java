package io.sediment.jmh;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.PinnedVersion;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.workloads.Workloads;
import java.io.IOException;
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

/**
 * What clipping costs on reads: Sediment's read throughput on the store of new instance 0 of a
 * {@link RescaleShape} right after the rescale ({@code layout=RESCALED}: the checkpoints' files as
 * they are, straddling ones behind clipped references, nothing compacted) and on the same store
 * after a full compaction ({@code layout=COMPACTED}: {@code compactRange(null, null)} rewrote every
 * reference into files of the store's own). {@code pointRead}: a {@code get} of a uniformly random
 * key of the store's key groups (always present). {@code scan}: an iterator bounded to the store's
 * key groups seeks to such a key and reads the next {@value Workloads#SCAN_LENGTH} entries.
 *
 * <p>Each trial prints {@code # sediment-rescale-read-state SHAPE stateMb FS LAYOUT references
 * clipped bytes} when it starts (the store's file references, how many of them are clipped, and
 * their bytes) and {@code # sediment-rescale-read-compactions SHAPE stateMb FS LAYOUT count} when
 * it ends: compactions the store ran by itself during the trial (a rescaled store whose levels
 * exceed their targets compacts in the background, its clipped references first).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class RescaledReadBenchmark {

  /** Read layouts compared. */
  public enum Layout {
    RESCALED,
    COMPACTED
  }

  /** Target size of the whole state's SST files in MiB (all old instances together). */
  @Param({"100", "1024"})
  public long stateMb;

  @Param({"FILE"})
  public FsKind fs;

  @Param({"TWO_TO_ONE", "ONE_TO_TWO"})
  public RescaleShape shape;

  @Param({"RESCALED", "COMPACTED"})
  public Layout layout;

  @Param({"16/100"})
  public String kv;

  private RescaleTrial trial;
  private KeyGroupRange target;
  private byte[] upper;
  private Db db;
  private long compactionsAtStart;
  private final SplittableRandom random = new SplittableRandom(29);

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    trial = RescaleTrial.start(Engine.SEDIMENT, stateMb, kv, shape, fs);
    target = shape.targets().get(0);
    upper = KeyGroupedState.upperBound(target);
    db = trial.rescaleSediment(target, "store");
    if (layout == Layout.COMPACTED) {
      db.compactRange(null, null);
    }
    int references = 0;
    int clipped = 0;
    long bytes = 0;
    try (PinnedVersion version = StoreEngine.of(db).pinCurrentVersion()) {
      for (StoreFile f : version.files()) {
        references++;
        clipped += f.clipped() ? 1 : 0;
        bytes += f.sizeBytes();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%n# sediment-rescale-read-state %s %d %s %s %d %d %d%n",
        shape,
        stateMb,
        fs,
        layout,
        references,
        clipped,
        bytes);
    compactionsAtStart = db.stats().compactionCount();
  }

  @Benchmark
  public byte[] pointRead() throws IOException {
    byte[] value = db.get(trial.randomKey(target, random));
    if (value == null) {
      throw new IllegalStateException("rescaled store misses a key of " + target);
    }
    return value;
  }

  @Benchmark
  public int scan() throws IOException {
    int read = 0;
    try (DbIterator it = db.newIterator(ReadOptions.defaults().upperBound(upper))) {
      for (it.seek(trial.randomKey(target, random));
          it.isValid() && read < Workloads.SCAN_LENGTH;
          it.next()) {
        it.key();
        it.value();
        read++;
      }
    }
    if (read == 0) {
      throw new IllegalStateException(
          "a scan of the rescaled store for " + target + " read nothing");
    }
    return read;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    System.out.printf(
        Locale.ROOT,
        "%n# sediment-rescale-read-compactions %s %d %s %s %d%n",
        shape,
        stateMb,
        fs,
        layout,
        db.stats().compactionCount() - compactionsAtStart);
    db.close();
    trial.close();
  }
}
