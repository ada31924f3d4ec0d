package io.sediment.lsm.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.sediment.cache.BlockCache;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes seeded random entries under a matrix of block sizes, restart intervals, compressions and
 * cache settings, and checks every read path against a {@link TreeMap} model.
 */
class SstRoundTripTest {

  @TempDir Path dir;

  static Stream<Arguments> configurations() {
    List<Arguments> out = new ArrayList<>();
    for (int blockSize : new int[] {256, 4096, 65536}) {
      for (int restart : new int[] {1, 16}) {
        for (Compression c : Compression.values()) {
          for (boolean cached : new boolean[] {false, true}) {
            out.add(Arguments.of(blockSize, restart, c, cached));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "block={0} restart={1} {2} cache={3}")
  @MethodSource("configurations")
  void everyReadMatchesTheModel(int blockSize, int restart, Compression compression, boolean cached)
      throws IOException {
    long seed = 7919L * blockSize + 31L * restart + compression.code() * 2L + (cached ? 1 : 0);
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    TreeMap<byte[], byte[]> model = SstFixture.randomModel(random, 1000, 2 * blockSize);
    SstWriterOptions options = new SstWriterOptions(blockSize, restart, compression, 10);
    PooledByteBufAllocator allocator = SstFixture.countingAllocator();
    try (FileSystemView view = SstFixture.localView(dir)) {
      SstProperties written = SstFixture.write(view, "000001.sst", model, options);
      assertEquals(model.size(), written.entryCount());
      assertArrayEquals(model.firstKey(), written.smallestKey());
      assertArrayEquals(model.lastKey(), written.largestKey());
      BlockCache cache = cached ? BlockCache.create(256 * 1024, allocator) : null;
      try (ReadableFile file = view.openRead(view.resolve("000001.sst"));
          SstReader reader = SstReader.open(file, 1, cache, allocator)) {
        assertEquals(written, reader.properties());
        reader.verifyChecksums();
        checkScans(reader, model);
        checkSeeks(reader, model, random);
        checkGets(reader, model, random);
        // Twice with a cache: the second pass is served from it.
        if (cached) {
          checkGets(reader, model, random);
          assertTrue(cache.stats().hits() > 0, "cache used: " + cache.stats());
        }
      } finally {
        if (cache != null) {
          cache.close();
        }
      }
      assertEquals(0, SstFixture.liveAllocations(allocator), "every block buffer was released");
    }
  }

  private static void checkScans(SstReader reader, TreeMap<byte[], byte[]> model) {
    try (InternalIterator it = reader.newIterator()) {
      List<Map.Entry<byte[], byte[]>> expected = new ArrayList<>(model.entrySet());
      int i = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        assertEntry(expected.get(i++), it);
      }
      assertEquals(expected.size(), i, "forward scan length");
      i = expected.size();
      for (it.seekToLast(); it.isValid(); it.prev()) {
        assertEntry(expected.get(--i), it);
      }
      assertEquals(0, i, "backward scan length");
    }
  }

  private static void checkSeeks(SstReader reader, TreeMap<byte[], byte[]> model, Random random) {
    List<byte[]> keys = new ArrayList<>(model.keySet());
    try (InternalIterator it = reader.newIterator()) {
      for (int round = 0; round < 300; round++) {
        byte[] target = randomTarget(random, keys);
        Map.Entry<byte[], byte[]> ceiling = model.ceilingEntry(target);
        Map.Entry<byte[], byte[]> floor = model.floorEntry(target);
        boolean forward = random.nextBoolean();
        if (forward) {
          it.seek(target);
          checkPosition(ceiling, it, target);
        } else {
          it.seekForPrev(target);
          checkPosition(floor, it, target);
        }
        // Walk a few steps in random directions from there.
        Map.Entry<byte[], byte[]> at = forward ? ceiling : floor;
        for (int step = 0; step < 6 && at != null; step++) {
          if (random.nextBoolean()) {
            it.next();
            at = model.higherEntry(at.getKey());
          } else {
            it.prev();
            at = model.lowerEntry(at.getKey());
          }
          checkPosition(at, it, target);
        }
      }
    }
  }

  private static void checkGets(SstReader reader, TreeMap<byte[], byte[]> model, Random random)
      throws IOException {
    List<byte[]> keys = new ArrayList<>(model.keySet());
    for (int round = 0; round < 200; round++) {
      byte[] user =
          random.nextInt(5) == 0
              ? SstFixture.randomUserKey(random)
              : InternalKey.userKey(keys.get(random.nextInt(keys.size())));
      long snapshot =
          random.nextInt(4) == 0
              ? Long.MAX_VALUE
              : sequenceOf(keys.get(random.nextInt(keys.size())));
      List<byte[]> expected = new ArrayList<>();
      for (Map.Entry<byte[], byte[]> e :
          model
              .subMap(
                  InternalKey.seekKey(user, Math.min(snapshot, InternalKey.MAX_SEQUENCE)),
                  true,
                  InternalKey.encode(user, 0, ValueType.DELETE),
                  true)
              .entrySet()) {
        expected.add(e.getKey());
        expected.add(e.getValue());
      }
      List<byte[]> seen = new ArrayList<>();
      reader.get(
          user,
          snapshot,
          (seq, type, value, off, len) -> {
            seen.add(InternalKey.encode(user, seq, type));
            seen.add(Arrays.copyOfRange(value, off, off + len));
            return true;
          });
      assertEquals(
          expected.size(), seen.size(), "entries of " + InternalKey.toString(user, 0, user.length));
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), seen.get(i));
      }
      if (!expected.isEmpty()) {
        assertTrue(reader.mayContain(user), "no false negative");
        int[] calls = {0};
        reader.get(
            user,
            snapshot,
            (seq, type, value, off, len) -> {
              calls[0]++;
              return false;
            });
        assertEquals(1, calls[0], "a sink returning false stops the lookup");
      }
    }
  }

  private static long sequenceOf(byte[] internalKey) {
    return InternalKey.sequence(internalKey, 0, internalKey.length);
  }

  private static byte[] randomTarget(Random random, List<byte[]> keys) {
    byte[] base = keys.get(random.nextInt(keys.size()));
    switch (random.nextInt(4)) {
      case 0:
        return base;
      case 1:
        return InternalKey.encode(
            InternalKey.userKey(base),
            random.nextInt(10_000),
            ValueType.fromCode(random.nextInt(4)));
      case 2:
        return InternalKey.encode(
            SstFixture.randomUserKey(random), random.nextInt(10_000), ValueType.PUT);
      default:
        return InternalKey.encode(
            new byte[] {(byte) (random.nextBoolean() ? 0 : 0xFF)}, 5, ValueType.PUT);
    }
  }

  private static void checkPosition(
      Map.Entry<byte[], byte[]> expected, InternalIterator it, byte[] target) {
    if (expected == null) {
      assertFalse(
          it.isValid(),
          () -> "expected no entry near " + InternalKey.toString(target, 0, target.length));
    } else {
      assertTrue(
          it.isValid(),
          () -> "expected an entry near " + InternalKey.toString(target, 0, target.length));
      assertEntry(expected, it);
    }
  }

  private static void assertEntry(Map.Entry<byte[], byte[]> expected, InternalIterator it) {
    byte[] key = Arrays.copyOfRange(it.keyArray(), it.keyOffset(), it.keyOffset() + it.keyLength());
    if (!Arrays.equals(expected.getKey(), key)) {
      throw new AssertionError(
          "expected key "
              + InternalKey.toString(expected.getKey(), 0, expected.getKey().length)
              + " but was "
              + InternalKey.toString(key, 0, key.length));
    }
    byte[] value =
        Arrays.copyOfRange(it.valueArray(), it.valueOffset(), it.valueOffset() + it.valueLength());
    assertArrayEquals(expected.getValue(), value, "value of the entry");
  }
}
