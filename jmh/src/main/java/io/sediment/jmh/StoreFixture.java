package io.sediment.jmh;

import io.sediment.lsm.DbSettings;
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

  /** Loads keys 0..count-1 in a scrambled order, then flushes. */
  void load(KeyValues kv, long count, long seed) throws IOException {
    long multiplier = 0x9E3779B97F4A7C15L | 1;
    long mask = Long.highestOneBit(Math.max(1, count - 1)) * 2 - 1;
    long written = 0;
    // Walk a full-period permutation of [0, mask] and keep the indexes below count.
    for (long i = 0; written < count; i++) {
      long index = ((i + seed) * multiplier) & mask;
      if (index < count) {
        store.put(kv.key(index), kv.value(index));
        written++;
      }
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
