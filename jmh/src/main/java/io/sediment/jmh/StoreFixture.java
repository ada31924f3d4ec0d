package io.sediment.jmh;

import io.sediment.lsm.DbSettings;
import io.sediment.workloads.KeyValueGenerator;
import io.sediment.workloads.LoadOrder;
import io.sediment.workloads.Workload;
import io.sediment.workloads.Workloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A store in a fresh temporary directory, deleted again on close. */
final class StoreFixture implements AutoCloseable {

  /** The engine's store, counting the key and value bytes written to it. */
  final WriteCountingStore store;

  final Path dir;

  StoreFixture(Engine engine, DbSettings settings) throws IOException {
    Path base =
        Path.of(System.getProperty("sediment.bench.dir", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(base);
    dir = Files.createTempDirectory(base, "bench-" + engine.name().toLowerCase() + "-");
    store = new WriteCountingStore(engine.open(dir, settings));
  }

  /**
   * Brings the store into {@code workload}'s starting state, as every runner does: keys 0..count-1
   * in the shared {@link LoadOrder}, flushed, and compacted when the workload asks for it; nothing
   * for a workload that starts empty.
   */
  void prepare(Workload workload, KeyValueGenerator kv, long count) throws IOException {
    if (workload.preparation() == Workload.Preparation.EMPTY) {
      return;
    }
    load(kv, count);
    if (workload.preparation() == Workload.Preparation.LOADED_COMPACTED) {
      store.compactAll();
    }
  }

  /** Loads keys 0..count-1 in the shared {@link LoadOrder}, then flushes. */
  void load(KeyValueGenerator kv, long count) throws IOException {
    for (LoadOrder order = new LoadOrder(count, Workloads.LOAD_SEED); order.hasNext(); ) {
      long index = order.nextLong();
      store.put(kv.key(index), kv.value(index));
    }
    store.flush();
  }

  @Override
  public void close() throws IOException {
    store.close();
    deleteTree(dir);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw new UncheckedIOException(e);
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
