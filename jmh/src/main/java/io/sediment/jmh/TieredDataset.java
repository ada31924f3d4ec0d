package io.sediment.jmh;

import io.sediment.workloads.KeyValueGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * A compacted store of {@code keys} entries on the local disk, shared by the tiered-reads trials:
 * built once by the first trial that needs it and reopened by the others (building takes far longer
 * than a trial measures). Lives under {@code sediment.bench.dir} (else the temporary directory), so
 * delete that directory after a run; {@code bench/run} does.
 *
 * <p>Keys 0..keys-1 are written in order, then the whole range is compacted, so every lookup reads
 * one file of the bottom level. A dataset is complete once its {@value #MARKER} file exists; it is
 * built under a temporary name and renamed, so a trial that died while building leaves nothing that
 * a later one would take for complete. Trials only read it: they open it without writing.
 */
final class TieredDataset {

  static final String MARKER = "dataset.properties";

  /** The store's directory. */
  final Path dir;

  /** Bytes of the live SST files (what the caches are sized against). */
  final long sstBytes;

  private TieredDataset(Path dir, long sstBytes) {
    this.dir = dir;
    this.sstBytes = sstBytes;
  }

  /** The dataset of {@code engine} with {@code keys} entries of {@code kv}, built if missing. */
  static TieredDataset obtain(Engine engine, KeyValueGenerator kv, long keys) throws IOException {
    Path base =
        Path.of(System.getProperty("sediment.bench.dir", System.getProperty("java.io.tmpdir")));
    String name =
        String.format(
            Locale.ROOT,
            "tiered-%s-%d-%dx%d",
            engine.name().toLowerCase(Locale.ROOT),
            keys,
            kv.keyBytes(),
            kv.valueBytes());
    Path dir = base.resolve(name);
    Path marker = dir.resolve(MARKER);
    if (!Files.exists(marker)) {
      build(engine, kv, keys, base, dir);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(marker)) {
      p.load(in);
    }
    return new TieredDataset(dir, Long.parseLong(p.getProperty("sstBytes")));
  }

  private static void build(Engine engine, KeyValueGenerator kv, long keys, Path base, Path dir)
      throws IOException {
    Files.createDirectories(base);
    StoreFixture.deleteTree(dir);
    Path tmp = Files.createTempDirectory(base, dir.getFileName() + ".building-");
    long start = System.nanoTime();
    long sstBytes;
    // A large memtable: fewer, larger flushes; a small block cache: the build does not read.
    try (KvStore store = engine.open(tmp, BenchSettings.of(64L << 20, 8L << 20))) {
      for (long i = 0; i < keys; i++) {
        store.put(kv.key(i), kv.value(i));
      }
      store.flush();
      store.compactAll();
      sstBytes = store.liveSstBytes();
    }
    Properties p = new Properties();
    p.setProperty("engine", engine.name());
    p.setProperty("keys", Long.toString(keys));
    p.setProperty("sstBytes", Long.toString(sstBytes));
    try (OutputStream out = Files.newOutputStream(tmp.resolve(MARKER))) {
      p.store(out, "tiered-reads dataset");
    }
    Files.move(tmp, dir);
    System.out.printf(
        Locale.ROOT,
        "%ntiered dataset %s: %,d keys, %,d SST bytes, built in %.1f s%n",
        dir,
        keys,
        sstBytes,
        (System.nanoTime() - start) / 1e9);
  }
}
