package io.sediment.jmh;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * One trial's working copy of a {@link RescaleBase}, in a fresh directory deleted at the end: the
 * checkpoints of the old instances on the trial's file system, from which every shot rescales.
 *
 * <p>Sediment: each base instance is restored (zero-copy) into the trial directory and checkpointed
 * into one checkpoint storage there, instance {@code i} as checkpoint {@code i + 1}, as a job's
 * instances checkpoint into one storage; a rescale is {@link Restore#open(List, KeyGroupRange,
 * DbOptions)} over those checkpoints. RocksDB: each base instance is hard-linked into the trial
 * directory, opened, and uploaded as a full checkpoint ({@link RocksDbDfsCheckpoints}); a rescale
 * is {@link RocksDbRescale}. Rescaled stores are closed and deleted by the caller; checkpoints are
 * never discarded (the trial directory goes as a whole).
 */
final class RescaleTrial implements AutoCloseable {

  final RescaleBase base;
  final RescaleShape shape;
  final FsKind fs;
  final Configuration conf;
  final Path dir;

  /** Sediment: the old instances' checkpoints, serialized. */
  private final List<byte[]> handles = new ArrayList<>();

  /** RocksDB: the old instances' uploaded checkpoints. */
  private final List<RocksDbRescale.Source> uploads = new ArrayList<>();

  private RocksDbDfsCheckpoints dfs;

  private RescaleTrial(RescaleBase base, RescaleShape shape, FsKind fs, Path dir) {
    this.base = base;
    this.shape = shape;
    this.fs = fs;
    this.conf = fs.configuration();
    this.dir = dir;
  }

  /**
   * Ensures the base, then checkpoints (Sediment) or uploads (RocksDB) its instances in a new trial
   * directory.
   *
   * @throws IOException naming the directory if the base or a checkpoint cannot be made
   */
  static RescaleTrial start(Engine engine, long stateMb, String kv, RescaleShape shape, FsKind fs)
      throws IOException {
    RescaleBase base = RescaleBase.ensure(engine, stateMb, kv, shape);
    // On lines of their own, for the report: what the state parameter turned into, and the load.
    System.out.printf(
        Locale.ROOT,
        "%n# sediment-rescale-state %s %s %d %d %d%n",
        engine,
        shape,
        stateMb,
        base.stateBytes,
        base.fileCount);
    System.out.printf(Locale.ROOT, "%n# sediment-rescale-load %s%n", CheckpointTrial.loadAverage());
    Path dir =
        Files.createTempDirectory(
            CheckpointBase.benchDir(), "rescale-trial-" + engine.name().toLowerCase(Locale.ROOT));
    RescaleTrial trial = new RescaleTrial(base, shape, fs, dir);
    try {
      if (engine == Engine.SEDIMENT) {
        trial.checkpointSediment();
      } else {
        trial.uploadRocksDb();
      }
      return trial;
    } catch (IOException | RuntimeException e) {
      trial.close();
      throw e;
    }
  }

  private void checkpointSediment() throws IOException {
    try (CheckpointStorage storage = CheckpointStorage.open(uri("checkpoints"), conf)) {
      for (int i = 0; i < base.ranges.size(); i++) {
        CheckpointHandle h;
        try (CheckpointStorage cs =
            CheckpointStorage.open(
                base.checkpointRoot(i).toUri().toString(), new Configuration())) {
          h = cs.load(RescaleBase.BASE_CHECKPOINT_ID);
        }
        // No key-group declaration: the restored store keeps the checkpoint's.
        try (Db source =
            Restore.open(
                h,
                CheckpointBase.sedimentOptions(
                    uri("source-" + i), conf, CheckpointTrial.MEMTABLE_BYTES))) {
          handles.add(storage.checkpoint(source, i + 1).toBytes());
        }
      }
    }
  }

  private void uploadRocksDb() throws IOException {
    dfs = new RocksDbDfsCheckpoints(uri("checkpoints"), conf);
    for (int i = 0; i < base.ranges.size(); i++) {
      Path source = dir.resolve("source-" + i);
      try (RocksDbStore store = CheckpointTrial.linkAndOpenRocksDb(base.storeDir(i), source)) {
        uploads.add(
            new RocksDbRescale.Source(
                dfs.checkpoint(store.rocksDb(), i + 1, dir.resolve("staging-" + i)),
                base.ranges.get(i)));
      }
      StoreFixture.deleteTree(source);
    }
  }

  /** URI of {@code name} under the trial directory on the trial's file system. */
  String uri(String name) {
    return fs.uri(dir.resolve(name));
  }

  /** Options of a Sediment store for {@code target} in {@code name} under the trial directory. */
  DbOptions sedimentOptions(String name, KeyGroupRange target) {
    return CheckpointBase.sedimentOptions(uri(name), conf, CheckpointTrial.MEMTABLE_BYTES)
        .toBuilder()
        .keyGroups(target, RescaleShape.MAX_PARALLELISM)
        .build();
  }

  /**
   * Sediment: a new store for {@code target} in {@code name}, rescaled by reference from the old
   * instances' checkpoints (deserialized here, as a restoring instance receives them).
   */
  Db rescaleSediment(KeyGroupRange target, String name) throws IOException {
    List<CheckpointHandle> list = new ArrayList<>(handles.size());
    for (byte[] bytes : handles) {
      list.add(CheckpointHandle.fromBytes(bytes));
    }
    return Restore.open(list, target, sedimentOptions(name, target));
  }

  /**
   * RocksDB: a new store for {@code target} in {@code name}, restored as {@link RocksDbRescale}.
   */
  RocksDbStore rescaleRocksDb(KeyGroupRange target, String name, RocksDbMerge merge)
      throws IOException {
    return new RocksDbRescale(
            dfs, BenchSettings.of(CheckpointTrial.MEMTABLE_BYTES, 64L << 20), merge)
        .restore(uploads, target, dir.resolve(name));
  }

  /** A key of {@code target} drawn uniformly from {@code random}. */
  byte[] randomKey(KeyGroupRange target, SplittableRandom random) {
    KeyGroupedState state = base.state;
    return state.key(random.nextLong(state.firstIndex(target), state.endIndex(target)));
  }

  /** Deletes the directory of a rescaled store and its scratch siblings (never the sources). */
  void deleteStore(String name) throws IOException {
    try (var list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String file = p.getFileName().toString();
        if (file.equals(name) || file.startsWith(name + "-")) {
          StoreFixture.deleteTree(p);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (dfs != null) {
      dfs.close();
    }
    StoreFixture.deleteTree(dir);
  }
}
