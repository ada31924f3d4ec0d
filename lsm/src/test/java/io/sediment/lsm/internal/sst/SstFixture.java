package io.sediment.lsm.internal.sst;

import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.WritableFile;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Shared helpers of the SST tests: a model of entries, file writing, counting allocators. */
final class SstFixture {

  private SstFixture() {}

  /** Entries in internal-key order: the model every read is checked against. */
  static TreeMap<byte[], byte[]> newModel() {
    return new TreeMap<>(InternalKey::compare);
  }

  /** A pooled heap allocator without thread caches, so its live allocations can be counted. */
  static PooledByteBufAllocator countingAllocator() {
    return new PooledByteBufAllocator(false, 1, 0, 8192, 9, 0, 0, false);
  }

  static long liveAllocations(PooledByteBufAllocator allocator) {
    return allocator.metric().heapArenas().stream()
        .mapToLong(PoolArenaMetric::numActiveAllocations)
        .sum();
  }

  static FileSystemView localView(Path dir) throws IOException {
    return FileSystemView.open("file://" + dir.toAbsolutePath(), null);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] ikey(String userKey, long seq, ValueType type) {
    return InternalKey.encode(bytes(userKey), seq, type);
  }

  /**
   * Random entries: user keys over a small alphabet with shared prefixes, several versions of some
   * keys (one with very many, to span blocks), every type, empty values and values larger than
   * {@code largeValueBytes}.
   */
  static TreeMap<byte[], byte[]> randomModel(Random random, int userKeys, int largeValueBytes) {
    TreeMap<byte[], byte[]> model = newModel();
    long seq = 1;
    for (int i = 0; i < userKeys; i++) {
      byte[] user = randomUserKey(random);
      int versions = random.nextInt(10) == 0 ? 1 + random.nextInt(6) : 1;
      if (i == userKeys / 2) {
        versions = 300;
      }
      for (int v = 0; v < versions; v++) {
        seq += 1 + random.nextInt(3);
        int t = random.nextInt(10);
        ValueType type = t < 7 ? ValueType.PUT : t < 9 ? ValueType.DELETE : ValueType.MERGE;
        byte[] value;
        if (type == ValueType.DELETE) {
          value = new byte[0];
        } else {
          int r = random.nextInt(50);
          int len =
              r == 0
                  ? largeValueBytes + random.nextInt(largeValueBytes + 1)
                  : r < 5 ? 0 : random.nextInt(60);
          value = new byte[len];
          random.nextBytes(value);
        }
        model.put(InternalKey.encode(user, seq, type), value);
      }
    }
    return model;
  }

  static byte[] randomUserKey(Random random) {
    int len = random.nextInt(12);
    byte[] key = new byte[len + 2];
    key[0] = (byte) ('a' + random.nextInt(4));
    key[1] = (byte) ('a' + random.nextInt(26));
    for (int i = 2; i < key.length; i++) {
      int r = random.nextInt(20);
      key[i] = r == 0 ? (byte) 0xFF : r == 1 ? 0 : (byte) ('a' + random.nextInt(6));
    }
    return key;
  }

  /** Writes the model into {@code name} under the view; returns the writer's properties. */
  static SstProperties write(
      FileSystemView view, String name, Map<byte[], byte[]> model, SstWriterOptions options)
      throws IOException {
    WritableFile out = view.create(view.resolve(name));
    SstWriter writer = new SstWriter(out, options);
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      writer.add(e.getKey(), e.getValue());
    }
    return writer.finish();
  }
}
