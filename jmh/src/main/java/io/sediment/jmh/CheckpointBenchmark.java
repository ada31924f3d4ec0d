package io.sediment.jmh;

import io.sediment.lsm.Db;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.workloads.KeyValueGenerator;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * How long a checkpoint of a store holding {@code stateMb} MiB takes, one checkpoint per
 * single-shot iteration (the median over the iterations is the figure to read).
 *
 * <ul>
 *   <li>{@code checkpoint}: the memtable is flushed before the clock starts, so this is the
 *       checkpoint proper. Sediment: {@link CheckpointStorage#checkpoint} (pin, mark shared, write
 *       the metadata, publish the registry). RocksDB: a local checkpoint plus uploading all of its
 *       files to the checkpoint directory ({@link RocksDbDfsCheckpoints}).
 *   <li>{@code checkpointWithFlush}: {@code dirtyBytes} of new keys sit in the memtable when the
 *       clock starts, so the flush is part of the checkpoint.
 * </ul>
 *
 * <p>Both run on the local disk ({@code fs=FILE}) and behind a 1 ms-per-operation latency ({@code
 * fs=LATENCY}, see {@link FsKind}): for Sediment the store and the checkpoint storage are on that
 * file system; for RocksDB the store is on the local disk (as an embedded RocksDB's is) and the
 * uploads go to that file system. The base state is built once and cached ({@link CheckpointBase}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class CheckpointBenchmark {

  @Param({"SEDIMENT", "ROCKSDB"})
  public Engine engine;

  /** Target size of the state's SST files in MiB. */
  @Param({"100", "1024", "4096"})
  public long stateMb;

  @Param({"FILE", "LATENCY"})
  public FsKind fs;

  @Param({"16/100"})
  public String kv;

  /** Bytes of keys and values in the memtable when {@code checkpointWithFlush} starts. */
  @Param({"16777216"})
  public long dirtyBytes;

  private CheckpointTrial trial;
  private boolean withFlush;
  private long nextId = 1;
  private long nextNewKey;

  private Db db;
  private CheckpointStorage storage;

  private RocksDbStore rocks;
  private RocksDbDfsCheckpoints uploads;
  private RocksDbDfsCheckpoints.Uploaded lastUpload;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws IOException {
    withFlush = params.getBenchmark().endsWith("WithFlush");
    trial = CheckpointTrial.start(engine, stateMb, kv, fs);
    nextNewKey = trial.base.keys;
    if (engine == Engine.SEDIMENT) {
      db = trial.restoreBaseSediment("db");
      storage = CheckpointStorage.open(trial.uri("checkpoints"), trial.conf);
    } else {
      rocks = trial.openBaseRocksDb("db");
      uploads = new RocksDbDfsCheckpoints(trial.uri("checkpoints"), trial.conf);
    }
  }

  /** Before each checkpoint: either an empty memtable or one holding {@code dirtyBytes}. */
  @Setup(Level.Iteration)
  public void prepare() throws IOException {
    if (withFlush) {
      KeyValueGenerator kv = trial.base.keyValues;
      long entries = Math.max(1, dirtyBytes / (kv.keyBytes() + kv.valueBytes()));
      for (long i = 0; i < entries; i++, nextNewKey++) {
        byte[] key = kv.key(nextNewKey);
        byte[] value = kv.value(nextNewKey);
        if (db != null) {
          db.put(key, value);
        } else {
          rocks.put(key, value);
        }
      }
    } else if (db != null) {
      db.flush();
    } else {
      rocks.flush();
    }
  }

  @Benchmark
  public Object checkpoint() throws IOException {
    return take();
  }

  @Benchmark
  public Object checkpointWithFlush() throws IOException {
    return take();
  }

  private Object take() throws IOException {
    long id = nextId++;
    if (db != null) {
      CheckpointHandle h = storage.checkpoint(db, id);
      if (h.fileCount() < trial.base.fileCount / 2) {
        throw new IllegalStateException("checkpoint " + id + " lost files: " + h);
      }
      return h;
    }
    lastUpload = uploads.checkpoint(rocks.rocksDb(), id, trial.dir.resolve("staging-" + id));
    return lastUpload;
  }

  /** RocksDB: drop the uploaded copy again, so a trial needs the space of one. */
  @TearDown(Level.Iteration)
  public void dropUpload() throws IOException {
    if (lastUpload != null) {
      uploads.delete(lastUpload.id());
      lastUpload = null;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (db != null) {
      db.close();
      storage.close();
    }
    if (rocks != null) {
      rocks.close();
      uploads.close();
    }
    trial.close();
  }
}
