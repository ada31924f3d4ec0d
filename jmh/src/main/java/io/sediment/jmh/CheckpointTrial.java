package io.sediment.jmh;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * One trial's working copy of a {@link CheckpointBase}, in a fresh directory deleted at the end.
 *
 * <p>Sediment: a store restored from the base checkpoint (zero-copy, the base's files are read in
 * place) on the trial's file system, plus the trial's own checkpoint storage there. RocksDB: a
 * directory holding hard links to the base's SST files and copies of its small files (what
 * RocksDB's own local checkpoint does), opened as a new store.
 *
 * <p>Checkpoints taken in a trial are never discarded: the trial's storage does not know that the
 * base's files belong to the base's storage, and would delete them. The trial directory goes as a
 * whole instead; the base is never written to.
 */
final class CheckpointTrial implements AutoCloseable {

  /** Memtable of the stores under test (Sediment's default). */
  static final long MEMTABLE_BYTES = 64L << 20;

  final CheckpointBase base;
  final FsKind fs;
  final Configuration conf;
  final Path dir;

  private CheckpointTrial(CheckpointBase base, FsKind fs, Path dir) {
    this.base = base;
    this.fs = fs;
    this.conf = fs.configuration();
    this.dir = dir;
  }

  static CheckpointTrial start(Engine engine, long stateMb, String kv, FsKind fs)
      throws IOException {
    CheckpointBase base = CheckpointBase.ensure(engine, stateMb, kv);
    // On a line of its own, for the report: what the state parameter turned into.
    System.out.printf(
        Locale.ROOT,
        "%n# sediment-checkpoint-state %s %d %d %d%n",
        engine,
        stateMb,
        base.stateBytes,
        base.fileCount);
    System.out.printf(Locale.ROOT, "%n# sediment-checkpoint-load %s%n", loadAverage());
    Path dir =
        Files.createTempDirectory(
            CheckpointBase.benchDir(), "ckpt-trial-" + engine.name().toLowerCase(Locale.ROOT));
    return new CheckpointTrial(base, fs, dir);
  }

  /** The one-minute load average, or -1 where the system does not tell. */
  static double loadAverage() {
    double load =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? -1 : load;
  }

  /** Options of a Sediment store in {@code name} under the trial directory. */
  DbOptions sedimentOptions(String name) {
    return CheckpointBase.sedimentOptions(fs.uri(dir.resolve(name)), conf, MEMTABLE_BYTES);
  }

  /** URI of {@code name} under the trial directory on the trial's file system. */
  String uri(String name) {
    return fs.uri(dir.resolve(name));
  }

  /** A Sediment store in {@code name} holding the base state, restored from the base checkpoint. */
  Db restoreBaseSediment(String name) throws IOException {
    CheckpointHandle h;
    try (CheckpointStorage cs =
        CheckpointStorage.open(base.checkpointRoot().toUri().toString(), new Configuration())) {
      h = cs.load(CheckpointBase.BASE_CHECKPOINT_ID);
    }
    return Restore.open(h, sedimentOptions(name));
  }

  /** A RocksDB store in {@code name} holding the base state (SST files hard-linked). */
  RocksDbStore openBaseRocksDb(String name) throws IOException {
    return linkAndOpenRocksDb(base.storeDir(), dir.resolve(name));
  }

  /**
   * Opens a new RocksDB store in {@code target} holding the state of the closed store in {@code
   * source}: its SST files hard-linked, its small files copied (what RocksDB's own local checkpoint
   * does).
   */
  static RocksDbStore linkAndOpenRocksDb(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    try (var list = Files.list(source)) {
      for (Path f : (Iterable<Path>) list::iterator) {
        String file = f.getFileName().toString();
        if (file.endsWith(".sst")) {
          Files.createLink(target.resolve(file), f);
        } else if (!file.equals("LOCK") && !file.startsWith("LOG")) {
          Files.copy(f, target.resolve(file));
        }
      }
    }
    return RocksDbStore.open(target, BenchSettings.of(MEMTABLE_BYTES, 64L << 20));
  }

  /** A key of the base state, chosen by {@code index} modulo the key count. */
  byte[] baseKey(long index) {
    return base.keyValues.key(Math.floorMod(index, base.keys));
  }

  @Override
  public void close() throws IOException {
    StoreFixture.deleteTree(dir);
  }
}
