package io.sediment.jmh;

import io.sediment.lsm.Db;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import java.io.IOException;
import java.nio.file.Path;
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
 * Restore to first read: from a checkpoint of a store holding {@code stateMb} MiB to the first
 * {@code get} of an existing key returning its value, one restore per single-shot iteration into a
 * fresh directory (the median over the iterations is the figure to read).
 *
 * <p>Sediment: {@link CheckpointHandle#fromBytes} and {@link Restore#open} (write the new store's
 * first manifest listing the checkpoint's files, open it), then the get, served from the
 * checkpoint's files in place. RocksDB: download every file of the uploaded checkpoint ({@link
 * RocksDbDfsCheckpoints}) into a local directory, open RocksDB there, then the get. Each restore
 * starts with a cold block cache; the key differs per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class RestoreBenchmark {

  @Param({"SEDIMENT", "ROCKSDB"})
  public Engine engine;

  /** Target size of the state's SST files in MiB. */
  @Param({"100", "1024", "4096"})
  public long stateMb;

  @Param({"FILE", "LATENCY"})
  public FsKind fs;

  @Param({"16/100"})
  public String kv;

  private CheckpointTrial trial;
  private final SplittableRandom random = new SplittableRandom(17);
  private int restores;

  private byte[] handleBytes;

  private RocksDbDfsCheckpoints downloads;
  private RocksDbDfsCheckpoints.Uploaded uploaded;

  private String restoreName;
  private byte[] key;
  private Db restored;
  private RocksDbStore restoredRocks;

  /** Takes the checkpoint every iteration restores from. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    trial = CheckpointTrial.start(engine, stateMb, kv, fs);
    if (engine == Engine.SEDIMENT) {
      try (Db source = trial.restoreBaseSediment("source");
          CheckpointStorage cs = CheckpointStorage.open(trial.uri("checkpoints"), trial.conf)) {
        handleBytes = cs.checkpoint(source, 1).toBytes();
      }
    } else {
      downloads = new RocksDbDfsCheckpoints(trial.uri("checkpoints"), trial.conf);
      try (RocksDbStore source = trial.openBaseRocksDb("source")) {
        uploaded = downloads.checkpoint(source.rocksDb(), 1, trial.dir.resolve("staging"));
      }
    }
  }

  @Setup(Level.Iteration)
  public void prepare() {
    restoreName = "restore-" + restores++;
    key = trial.baseKey(random.nextLong(Long.MAX_VALUE));
  }

  @Benchmark
  public byte[] restoreToFirstRead() throws IOException {
    byte[] value;
    if (engine == Engine.SEDIMENT) {
      restored =
          Restore.open(CheckpointHandle.fromBytes(handleBytes), trial.sedimentOptions(restoreName));
      value = restored.get(key);
    } else {
      Path local = trial.dir.resolve(restoreName);
      downloads.download(uploaded, local);
      restoredRocks =
          RocksDbStore.open(local, BenchSettings.of(CheckpointTrial.MEMTABLE_BYTES, 64L << 20));
      value = restoredRocks.get(key);
    }
    if (value == null) {
      throw new IllegalStateException("restored " + engine + " store misses a checkpointed key");
    }
    return value;
  }

  /** Closes the restored store and deletes its directory (never the checkpoint's files). */
  @TearDown(Level.Iteration)
  public void dropRestored() throws IOException {
    if (restored != null) {
      restored.close();
      restored = null;
    }
    if (restoredRocks != null) {
      restoredRocks.close();
      restoredRocks = null;
    }
    StoreFixture.deleteTree(trial.dir.resolve(restoreName));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (downloads != null) {
      downloads.close();
    }
    trial.close();
  }
}
