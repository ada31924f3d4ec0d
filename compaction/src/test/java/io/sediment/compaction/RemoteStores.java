package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sediment.lsm.CompactionService;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A seeded workload on a store with uint64add counters, checked against a sorted-map model. */
final class RemoteStores {

  private RemoteStores() {}

  static DbOptions options(Path dir, CompactionService service) {
    return options(dir, service, 64L << 20);
  }

  /** As {@link #options(Path, CompactionService)}, cutting outputs at {@code targetFileSize}. */
  static DbOptions options(Path dir, CompactionService service, long targetFileSize) {
    DbOptions.Builder b =
        DbOptions.builder(dir.toUri().toString())
            .mergeFunction(MergeFunctions.uint64Add())
            .memtableBytes(64 << 10)
            .targetFileSizeBytes(targetFileSize);
    if (service != null) {
      b.compactionService(service);
    }
    return b.build();
  }

  static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] counter(long v) {
    return ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  /** Writes {@code rounds} flushed rounds of puts, merges and deletes, mirrored in the model. */
  static void write(Db db, TreeMap<String, Long> model, long seed, int rounds) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < 400; i++) {
        int k = r.nextInt(1500);
        String name = new String(key(k), StandardCharsets.UTF_8);
        int op = r.nextInt(10);
        if (op < 5) {
          long v = r.nextLong(1000);
          db.put(key(k), counter(v));
          model.put(name, v);
        } else if (op < 9) {
          long d = r.nextLong(100);
          db.merge(key(k), counter(d));
          model.merge(name, d, Long::sum);
        } else {
          db.delete(key(k));
          model.remove(name);
        }
      }
      db.flush();
    }
  }

  static void check(Db db, TreeMap<String, Long> model) throws IOException {
    List<String> keys = new ArrayList<>();
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        String k = new String(it.key(), StandardCharsets.UTF_8);
        keys.add(k);
        Long expected = model.get(k);
        assertArrayEquals(expected == null ? null : counter(expected), it.value(), "value of " + k);
      }
    }
    assertEquals(new ArrayList<>(model.keySet()), keys);
    for (Map.Entry<String, Long> e : model.entrySet()) {
      assertArrayEquals(counter(e.getValue()), db.get(e.getKey().getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Names of the attempt directories under the store's compactions directory. */
  static List<String> jobDirectories(Path store) throws IOException {
    Path parent = store.resolve("compactions");
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(parent)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Files in the job directories, relative to the store. */
  static List<String> jobFiles(Path store) throws IOException {
    Path parent = store.resolve("compactions");
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(parent)) {
      return s.filter(Files::isRegularFile)
          .map(p -> store.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** Physical paths of the store's live files (its manifest's view). */
  static List<String> livePaths(Db db) {
    List<String> paths = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : io.sediment.lsm.spi.StoreEngine.of(db).liveFilePaths()) {
      paths.add(p.toString());
    }
    paths.sort(null);
    return paths;
  }
}
