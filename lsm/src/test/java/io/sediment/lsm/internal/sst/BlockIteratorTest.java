package io.sediment.lsm.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BlockIteratorTest {

  private static byte[] build(TreeMap<byte[], byte[]> model, int restartInterval) {
    BlockBuilder builder = new BlockBuilder(restartInterval);
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      builder.add(e.getKey(), 0, e.getKey().length, e.getValue(), 0, e.getValue().length);
    }
    int estimated = builder.estimatedSize();
    int length = builder.finish();
    assertEquals(estimated, length, "the size estimate is exact");
    return Arrays.copyOf(builder.array(), length);
  }

  @Test
  void iteratesSeeksAndStepsBackLikeTheModel() {
    long seed = 5;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    for (int restart : new int[] {1, 2, 3, 16, 1000}) {
      TreeMap<byte[], byte[]> model = SstFixture.randomModel(random, 100, 50);
      byte[] block = build(model, restart);
      // Embed the block in a larger array at an offset, as a cached buffer slice would be.
      byte[] holder = new byte[block.length + 20];
      System.arraycopy(block, 0, holder, 7, block.length);
      BlockIterator it = new BlockIterator(true);
      it.init(holder, 7, block.length);
      List<byte[]> keys = new ArrayList<>(model.keySet());
      int i = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        assertArrayEquals(keys.get(i), Arrays.copyOf(it.keyArray(), it.keyLength()));
        byte[] v = model.get(keys.get(i));
        assertArrayEquals(
            v, Arrays.copyOfRange(holder, it.valueOffset(), it.valueOffset() + it.valueLength()));
        i++;
      }
      assertEquals(keys.size(), i);
      for (it.seekToLast(); it.isValid(); it.prev()) {
        assertArrayEquals(keys.get(--i), Arrays.copyOf(it.keyArray(), it.keyLength()));
      }
      assertEquals(0, i);
      for (byte[] key : keys) {
        it.seek(key, 0, key.length);
        assertTrue(it.isValid());
        assertArrayEquals(key, Arrays.copyOf(it.keyArray(), it.keyLength()));
        it.seekForPrev(key, 0, key.length);
        assertArrayEquals(key, Arrays.copyOf(it.keyArray(), it.keyLength()));
      }
      byte[] beforeAll = InternalKey.encode(new byte[0], 0, ValueType.PUT);
      it.seekForPrev(beforeAll, 0, beforeAll.length);
      assertFalse(it.isValid());
      byte[] afterAll = InternalKey.encode(new byte[] {(byte) 0xFF, (byte) 0xFF}, 0, ValueType.PUT);
      it.seek(afterAll, 0, afterAll.length);
      assertFalse(it.isValid());
    }
  }

  @Test
  void emptyBlockHasNoEntries() {
    byte[] block = build(SstFixture.newModel(), 16);
    assertEquals(8, block.length);
    BlockIterator it = new BlockIterator(true);
    it.init(block, 0, block.length);
    it.seekToFirst();
    assertFalse(it.isValid());
    it.seekToLast();
    assertFalse(it.isValid());
  }

  /**
   * Damaged bytes that slipped past the checksum must still never crash the decoder with anything
   * but {@link BlockFormatException} (no out-of-bounds reads, no endless loops).
   */
  @Test
  void malformedBytesFailOnlyWithBlockFormatException() {
    long seed = 6;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    TreeMap<byte[], byte[]> model = SstFixture.randomModel(random, 40, 20);
    byte[] valid = build(model, 4);
    List<byte[]> targets = new ArrayList<>(model.keySet());
    int failures = 0;
    for (int pos = 0; pos < valid.length; pos++) {
      for (int variant = 0; variant < 3; variant++) {
        byte[] damaged = valid.clone();
        damaged[pos] =
            switch (variant) {
              case 0 -> (byte) (damaged[pos] ^ (1 << random.nextInt(8)));
              case 1 -> (byte) 0xFF;
              default -> 0;
            };
        BlockIterator it = new BlockIterator(true);
        try {
          it.init(damaged, 0, damaged.length);
          int steps = 0;
          for (it.seekToFirst(); it.isValid() && steps < 10_000; it.next()) {
            steps++;
          }
          for (it.seekToLast(); it.isValid() && steps < 20_000; it.prev()) {
            steps++;
          }
          byte[] t = targets.get(random.nextInt(targets.size()));
          it.seek(t, 0, t.length);
          it.seekForPrev(t, 0, t.length);
          assertTrue(steps < 20_000, "iteration ends");
        } catch (BlockFormatException expected) {
          failures++;
        }
      }
    }
    assertTrue(failures > 0, "some damage is detected by decoding alone");
  }
}
