package io.sediment.jmh;

import io.sediment.keygroups.KeyGroupRange;
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
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;

/**
 * The state a rescale benchmark starts from: the stores of the old instances of a {@link
 * RescaleShape}, each declaring its key groups (maxParallelism {@value
 * RescaleShape#MAX_PARALLELISM}) and holding the keys of its range ({@link KeyGroupedState}), about
 * {@code stateMb} MiB of SST files in all. Sediment's are checkpointed once each, as checkpoint 1
 * of a storage next to the store. Trials never change them (see {@link RescaleTrial}).
 *
 * <p>Like {@link CheckpointBase}, a base is built once and kept under {@code
 * <sediment.bench.dir>/rescale-state/}, keyed by engine, size, key/value shape and number of
 * instances; a {@code READY} file written last marks it complete. Every instance is a bulk load in
 * key order. The number of keys per key group is fixed before the load, from the SST bytes per
 * entry of a small Sediment calibration store, so that both engines hold exactly the same keys and
 * values and the instances of one state split it evenly.
 */
final class RescaleBase {

  /** Bump when the layout or the build changes, so stale bases are not reused. */
  private static final String LAYOUT = "v1";

  static final long BASE_CHECKPOINT_ID = 1;

  private static final long CALIBRATION_KEYS = 1 << 18;

  final Engine engine;
  final Path root;
  final KeyGroupedState state;

  /** The old instances' key groups, by operator index. */
  final List<KeyGroupRange> ranges;

  /** Bytes of the SST files of all instances. */
  final long stateBytes;

  /** SST files of all instances. */
  final int fileCount;

  private RescaleBase(
      Engine engine,
      Path root,
      KeyGroupedState state,
      List<KeyGroupRange> ranges,
      long stateBytes,
      int fileCount) {
    this.engine = engine;
    this.root = root;
    this.state = state;
    this.ranges = ranges;
    this.stateBytes = stateBytes;
    this.fileCount = fileCount;
  }

  /**
   * Builds (or finds) the bases for every engine, size and shape given, ahead of a benchmark run:
   * {@code java -Dsediment.bench.dir=DIR -cp jmh/target/benchmarks.jar io.sediment.jmh.RescaleBase
   * SEDIMENT,ROCKSDB 100,1024,4096 [16/100]} (both shapes).
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println(
          "usage: RescaleBase <engines, e.g. SEDIMENT,ROCKSDB> <MiB, e.g. 100,1024>"
              + " [keyBytes/valueBytes]");
      System.exit(2);
    }
    String kv = args.length > 2 ? args[2] : "16/100";
    for (String engine : args[0].split(",")) {
      for (String mb : args[1].split(",")) {
        for (RescaleShape shape : RescaleShape.values()) {
          RescaleBase b =
              ensure(
                  Engine.valueOf(engine.trim().toUpperCase(Locale.ROOT)),
                  Long.parseLong(mb.trim()),
                  kv,
                  shape);
          System.out.printf(
              Locale.ROOT,
              "%s %s MiB in %d instance(s): %,d keys per key group, %,d bytes in %d SST files at"
                  + " %s%n",
              b.engine,
              mb.trim(),
              b.ranges.size(),
              b.state.keysPerGroup,
              b.stateBytes,
              b.fileCount,
              b.root);
        }
      }
    }
  }

  /** The store directory of old instance {@code index}. */
  Path storeDir(int index) {
    return root.resolve("instance-" + index).resolve("db");
  }

  /** Root of the checkpoint storage holding Sediment instance {@code index}'s checkpoint. */
  Path checkpointRoot(int index) {
    return root.resolve("instance-" + index).resolve("checkpoints");
  }

  /**
   * Returns the cached base of {@code shape}'s old instances, building it first if needed.
   *
   * @throws IllegalArgumentException naming the value for an engine other than Sediment or RocksDB,
   *     a size that is not positive or a malformed key/value shape
   * @throws IOException naming the directory if the base cannot be built or read
   */
  static RescaleBase ensure(Engine engine, long stateMb, String kv, RescaleShape shape)
      throws IOException {
    if (engine != Engine.SEDIMENT && engine != Engine.ROCKSDB) {
      throw new IllegalArgumentException("no rescale benchmark for engine " + engine);
    }
    if (stateMb <= 0) {
      throw new IllegalArgumentException("stateMb must be positive: " + stateMb);
    }
    KeyValueGenerator keyValues = KeyValueGenerator.ofShape(kv);
    List<KeyGroupRange> ranges = shape.sources();
    Path root =
        CheckpointBase.benchDir()
            .resolve("rescale-state")
            .resolve(
                String.format(
                    Locale.ROOT,
                    "%s-%s-%dmb-%s-p%d",
                    LAYOUT,
                    engine.name().toLowerCase(Locale.ROOT),
                    stateMb,
                    kv.replace('/', 'x'),
                    ranges.size()));
    Path ready = root.resolve("READY");
    if (!Files.exists(ready)) {
      StoreFixture.deleteTree(root);
      Files.createDirectories(root);
      long start = System.nanoTime();
      KeyGroupedState state = new KeyGroupedState(keyValues, keysPerGroup(keyValues, stateMb));
      long bytes = 0;
      int files = 0;
      for (int i = 0; i < ranges.size(); i++) {
        long[] built =
            engine == Engine.SEDIMENT
                ? buildSediment(root, i, state, ranges.get(i), stateMb << 20)
                : buildRocksDb(root, i, state, ranges.get(i), stateMb << 20);
        bytes += built[0];
        files += (int) built[1];
      }
      Properties p = new Properties();
      p.setProperty("keysPerGroup", Long.toString(state.keysPerGroup));
      p.setProperty("stateBytes", Long.toString(bytes));
      p.setProperty("files", Integer.toString(files));
      System.out.printf(
          Locale.ROOT,
          "%nbuilt the %s rescale base of %d MiB in %d instance(s) in %.1f s: %s%n",
          engine,
          stateMb,
          ranges.size(),
          (System.nanoTime() - start) / 1e9,
          p);
      try (var out = Files.newBufferedWriter(ready, StandardCharsets.UTF_8)) {
        p.store(out, "rescale benchmark base");
      }
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(ready, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return new RescaleBase(
        engine,
        root,
        new KeyGroupedState(keyValues, Long.parseLong(p.getProperty("keysPerGroup"))),
        ranges,
        Long.parseLong(p.getProperty("stateBytes")),
        Integer.parseInt(p.getProperty("files")));
  }

  /**
   * Keys per key group for {@code stateMb} MiB of SST files: the target over the SST bytes per
   * entry of a calibration store holding the first {@value #CALIBRATION_KEYS} keys of the layout.
   */
  private static long keysPerGroup(KeyValueGenerator keyValues, long stateMb) throws IOException {
    Path dir = Files.createTempDirectory(CheckpointBase.benchDir(), "rescale-calibration-");
    try {
      KeyGroupedState probe = new KeyGroupedState(keyValues, CALIBRATION_KEYS);
      double bytesPerEntry;
      try (Db db = Db.open(options(dir, KeyGroupRange.of(0, 0), 64L << 20))) {
        for (long i = 0; i < CALIBRATION_KEYS; i++) {
          db.put(probe.key(i), probe.value(i));
        }
        db.flush();
        bytesPerEntry = (double) db.stats().totalBytes() / CALIBRATION_KEYS;
      }
      long entries = (long) Math.ceil((stateMb << 20) / bytesPerEntry);
      return Math.max(
          1, (entries + RescaleShape.MAX_PARALLELISM - 1) / RescaleShape.MAX_PARALLELISM);
    } finally {
      StoreFixture.deleteTree(dir);
    }
  }

  /** Options of a Sediment base store of {@code range} in {@code dir}. */
  private static DbOptions options(Path dir, KeyGroupRange range, long memtableBytes) {
    return CheckpointBase.sedimentOptions(
            dir.toUri().toString(), new Configuration(), memtableBytes)
        .toBuilder()
        .keyGroups(range, RescaleShape.MAX_PARALLELISM)
        .build();
  }

  /** User bytes per memtable for an instance of {@code target} SST bytes. */
  private static long memtableBytes(long target) {
    return Math.max(1L << 20, Math.min(128L << 20, target / 8));
  }

  /** Loads instance {@code index}; returns its SST bytes and file count. */
  private static long[] buildSediment(
      Path root, int index, KeyGroupedState state, KeyGroupRange range, long total)
      throws IOException {
    Path dir = root.resolve("instance-" + index).resolve("db");
    Files.createDirectories(dir);
    long share = total * range.size() / RescaleShape.MAX_PARALLELISM;
    try (Db db = Db.open(options(dir, range, memtableBytes(share)))) {
      for (long i = state.firstIndex(range); i < state.endIndex(range); i++) {
        db.put(state.key(i), state.value(i));
      }
      db.flush();
      StoreEngine.of(db).waitForCompactions();
      try (CheckpointStorage cs =
          CheckpointStorage.open(
              root.resolve("instance-" + index).resolve("checkpoints").toUri().toString(),
              new Configuration())) {
        CheckpointHandle h = cs.checkpoint(db, BASE_CHECKPOINT_ID);
        return new long[] {h.stateSizeBytes(), h.fileCount()};
      }
    }
  }

  /** Loads instance {@code index}; returns its SST bytes and file count. */
  private static long[] buildRocksDb(
      Path root, int index, KeyGroupedState state, KeyGroupRange range, long total)
      throws IOException {
    Path dir = root.resolve("instance-" + index).resolve("db");
    Files.createDirectories(dir);
    long share = total * range.size() / RescaleShape.MAX_PARALLELISM;
    try (RocksDbStore db =
        RocksDbStore.open(dir, BenchSettings.of(memtableBytes(share), 64L << 20))) {
      for (long i = state.firstIndex(range); i < state.endIndex(range); i++) {
        db.put(state.key(i), state.value(i));
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
    return new long[] {bytes, files};
  }
}
