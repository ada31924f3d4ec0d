package io.sediment.lsm.internal.sst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

class BloomFilterTest {

  @Test
  void xxHash64MatchesAnIndependentImplementation() {
    long seed = 42;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    XXHash64 reference = XXHashFactory.safeInstance().hash64();
    for (int length = 0; length < 200; length++) {
      for (int round = 0; round < 5; round++) {
        byte[] data = new byte[length + 7];
        random.nextBytes(data);
        int offset = random.nextInt(8);
        int len = Math.min(length, data.length - offset);
        long hashSeed = round == 0 ? 0 : random.nextLong();
        assertEquals(
            reference.hash(data, offset, len, hashSeed),
            XxHash64.hash(data, offset, len, hashSeed),
            "length " + len + " seed " + hashSeed);
      }
    }
    // The published test vector for the empty input.
    assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(new byte[0], 0, 0, 0));
  }

  @Test
  void noFalseNegativesAndFalsePositiveRateNearTheory() {
    long seed = 1234;
    System.out.println("seed " + seed);
    int keys = 40_000; // more than the builder's first page table holds
    BloomFilter.Builder builder = new BloomFilter.Builder(10);
    for (int i = 0; i < keys; i++) {
      builder.add(key(i), 0, 8);
    }
    BloomFilter filter = BloomFilter.decode(builder.finish());
    assertEquals(7, filter.probes());
    assertEquals(keys * 10L, filter.numBits());
    for (int i = 0; i < keys; i++) {
      assertTrue(filter.mayContain(key(i), 0, 8), "no false negative for key " + i);
    }
    int probes = 100_000;
    int falsePositives = 0;
    for (int i = 0; i < probes; i++) {
      if (filter.mayContain(key(keys + i), 0, 8)) {
        falsePositives++;
      }
    }
    double rate = (double) falsePositives / probes;
    System.out.println("false-positive rate at 10 bits/key: " + rate + " (theory ~0.0082)");
    assertTrue(rate < 0.02, "false-positive rate " + rate);
    assertTrue(rate > 0.002, "suspiciously low false-positive rate " + rate);
  }

  @Test
  void emptyFilterContainsNothing() {
    BloomFilter filter = BloomFilter.decode(new BloomFilter.Builder(10).finish());
    assertFalse(filter.mayContain(key(1), 0, 8));
    assertEquals(0, filter.numBits());
  }

  @Test
  void probeCountsFollowBitsPerKey() {
    assertEquals(1, BloomFilter.probesFor(1));
    assertEquals(7, BloomFilter.probesFor(10));
    assertEquals(11, BloomFilter.probesFor(16));
    assertEquals(30, BloomFilter.probesFor(64));
  }

  private static byte[] key(long i) {
    return ByteBuffer.allocate(8).putLong(i * 0x9E3779B97F4A7C15L).array();
  }
}
