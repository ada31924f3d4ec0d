package io.sediment.jmh;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.workloads.KeyValueGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;

/**
 * The state a checkpoint or restore benchmark starts from: a store holding about {@code stateMb}
 * MiB of SST files on the local disk, closed and (for Sediment) checkpointed once as checkpoint 1
 * of a storage next to it. Trials never change it: Sediment trials restore from that checkpoint
 * (zero-copy), RocksDB trials hard-link its SST files into a directory of their own.
 *
 * <p>Building 4 GiB takes minutes, so a base is built once and kept under {@code
 * <sediment.bench.dir>/checkpoint-state/}, keyed by engine, size and key/value shape, and reused by
 * later trials, forks and runs; a {@code READY} file written last marks it complete. Delete the
 * directory to rebuild (or to reclaim the space).
 *
 * <p>The build is a bulk load: keys in ascending order, so flushes write non-overlapping files and
 * compaction mostly moves them down instead of merging; a memtable of an eighth of the target (at
 * most 128 MiB of user data), no write-ahead log. It stops once the SST files reach the target, so
 * the state is the target plus at most the memtables in flight.
 */
final class CheckpointBase {

  /** Bump when the layout or the build changes, so stale bases are not reused. */
  private static final String LAYOUT = "v1";

  static final long BASE_CHECKPOINT_ID = 1;

  final Engine engine;
  final Path root;
  final KeyValueGenerator keyValues;

  /** Keys 0..keys-1 are present. */
  final long keys;

  /** Bytes of the SST files of the base. */
  final long stateBytes;

  /** SST files of the base. */
  final int fileCount;

  private CheckpointBase(
      Engine engine,
      Path root,
      KeyValueGenerator keyValues,
      long keys,
      long stateBytes,
      int fileCount) {
    this.engine = engine;
    this.root = root;
    this.keyValues = keyValues;
    this.keys = keys;
    this.stateBytes = stateBytes;
    this.fileCount = fileCount;
  }

  /**
   * Builds (or finds) the bases for every engine and size given, ahead of a benchmark run: {@code
   * java -Dsediment.bench.dir=DIR -cp jmh/target/benchmarks.jar io.sediment.jmh.CheckpointBase
   * SEDIMENT,ROCKSDB 100,1024,4096 [16/100]}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: CheckpointBase <engines, e.g. SEDIMENT,ROCKSDB> <MiB, e.g. 100,1024>"
              + " [keyBytes/valueBytes]");
      System.exit(2);
    }
    String shape = args.length > 2 ? args[2] : "16/100";
    for (String engine : args[0].split(",")) {
      for (String mb : args[1].split(",")) {
        CheckpointBase b =
            ensure(
                Engine.valueOf(engine.trim().toUpperCase(Locale.ROOT)),
                Long.parseLong(mb.trim()),
                shape);
        System.out.printf(
            Locale.ROOT,
            "%s %s MiB: %,d keys, %,d bytes in %d SST files at %s%n",
            b.engine,
            mb.trim(),
            b.keys,
            b.stateBytes,
            b.fileCount,
            b.root);
      }
    }
  }

  /** The store's directory. */
  Path storeDir() {
    return root.resolve("db");
  }

  /** Root of the checkpoint storage holding the Sediment base checkpoint. */
  Path checkpointRoot() {
    return root.resolve("checkpoints");
  }

  /** Returns the cached base for these parameters, building it first if needed. */
  static CheckpointBase ensure(Engine engine, long stateMb, String shape) throws IOException {
    if (engine != Engine.SEDIMENT && engine != Engine.ROCKSDB) {
      throw new IllegalArgumentException("no checkpoint benchmark for engine " + engine);
    }
    if (stateMb <= 0) {
      throw new IllegalArgumentException("stateMb must be positive: " + stateMb);
    }
    KeyValueGenerator kv = KeyValueGenerator.ofShape(shape);
    Path root =
        benchDir()
            .resolve("checkpoint-state")
            .resolve(
                String.format(
                    Locale.ROOT,
                    "%s-%s-%dmb-%s",
                    LAYOUT,
                    engine.name().toLowerCase(Locale.ROOT),
                    stateMb,
                    shape.replace('/', 'x')));
    Path ready = root.resolve("READY");
    if (!Files.exists(ready)) {
      StoreFixture.deleteTree(root);
      Files.createDirectories(root);
      long start = System.nanoTime();
      Properties built =
          engine == Engine.SEDIMENT
              ? buildSediment(root, kv, stateMb << 20)
              : buildRocksDb(root, kv, stateMb << 20);
      System.out.printf(
          Locale.ROOT,
          "%nbuilt the %s checkpoint base of %d MiB in %.1f s: %s%n",
          engine,
          stateMb,
          (System.nanoTime() - start) / 1e9,
          built);
      try (var out = Files.newBufferedWriter(ready, StandardCharsets.UTF_8)) {
        built.store(out, "checkpoint benchmark base");
      }
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(ready, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return new CheckpointBase(
        engine,
        root,
        kv,
        Long.parseLong(p.getProperty("keys")),
        Long.parseLong(p.getProperty("stateBytes")),
        Integer.parseInt(p.getProperty("files")));
  }

  static Path benchDir() throws IOException {
    Path base =
        Path.of(System.getProperty("sediment.bench.dir", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(base);
    return base;
  }

  /** User bytes per memtable for a target of {@code target} SST bytes. */
  private static long memtableBytes(long target) {
    return Math.max(1L << 20, Math.min(128L << 20, target / 8));
  }

  /** Options of every Sediment store of the checkpoint benchmarks (base, trials, restores). */
  static DbOptions sedimentOptions(String dirUri, Configuration conf, long memtableBytes) {
    return DbOptions.builder(dirUri)
        .hadoopConfiguration(conf)
        .settings(BenchSettings.of(memtableBytes, 64L << 20))
        .build();
  }

  private static Properties buildSediment(Path root, KeyValueGenerator kv, long target)
      throws IOException {
    Path dir = root.resolve("db");
    long keys = 0;
    Properties p = new Properties();
    try (Db db =
        Db.open(
            sedimentOptions(dir.toUri().toString(), new Configuration(), memtableBytes(target)))) {
      while (db.stats().totalBytes() < target) {
        for (int i = 0; i < 65536; i++, keys++) {
          db.put(kv.key(keys), kv.value(keys));
        }
      }
      db.flush();
      StoreEngine.of(db).waitForCompactions();
      try (CheckpointStorage cs =
          CheckpointStorage.open(
              root.resolve("checkpoints").toUri().toString(), new Configuration())) {
        CheckpointHandle h = cs.checkpoint(db, BASE_CHECKPOINT_ID);
        p.setProperty("stateBytes", Long.toString(h.stateSizeBytes()));
        p.setProperty("files", Integer.toString(h.fileCount()));
      }
    }
    p.setProperty("keys", Long.toString(keys));
    return p;
  }

  private static Properties buildRocksDb(Path root, KeyValueGenerator kv, long target)
      throws IOException {
    Path dir = root.resolve("db");
    Files.createDirectories(dir);
    long keys = 0;
    try (RocksDbStore db =
        RocksDbStore.open(dir, BenchSettings.of(memtableBytes(target), 64L << 20))) {
      while (db.liveSstBytes() < target) {
        for (int i = 0; i < 65536; i++, keys++) {
          db.put(kv.key(keys), kv.value(keys));
        }
      }
      db.flush();
    }
    long bytes = 0;
    int files = 0;
    try (var list = Files.list(dir)) {
      for (Path f : (Iterable<Path>) list::iterator) {
        if (f.getFileName().toString().endsWith(".sst")) {
          bytes += Files.size(f);
          files++;
        }
      }
    }
    Properties p = new Properties();
    p.setProperty("keys", Long.toString(keys));
    p.setProperty("stateBytes", Long.toString(bytes));
    p.setProperty("files", Integer.toString(files));
    return p;
  }
}
