package io.sediment.keygroups;

import static io.sediment.keygroups.KeyGroupsTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyGroupPrefixTest {

  private static final int[] MAX_PARALLELISMS = {1, 2, 127, 128, 129, 255, 256, 4096, 32768};

  @Test
  void prefixWidthFollowsMaxParallelism() {
    assertEquals(1, KeyGroupPrefix.forMaxParallelism(1).prefixBytes());
    assertEquals(1, KeyGroupPrefix.forMaxParallelism(128).prefixBytes());
    assertEquals(2, KeyGroupPrefix.forMaxParallelism(129).prefixBytes());
    assertEquals(2, KeyGroupPrefix.forMaxParallelism(32768).prefixBytes());
  }

  @Test
  void encodingIsUnsignedBigEndian() {
    assertArrayEquals(bytes(0x00), KeyGroupPrefix.forMaxParallelism(128).encode(0));
    assertArrayEquals(bytes(0x7f), KeyGroupPrefix.forMaxParallelism(128).encode(127));
    assertArrayEquals(bytes(0x00, 0x80), KeyGroupPrefix.forMaxParallelism(129).encode(128));
    assertArrayEquals(bytes(0x12, 0x34), KeyGroupPrefix.forMaxParallelism(32768).encode(0x1234));
    assertArrayEquals(bytes(0x7f, 0xff), KeyGroupPrefix.forMaxParallelism(32768).encode(32767));
  }

  @Test
  void everyKeyGroupRoundTripsAtAnOffsetAndSortsInOrder() {
    for (int maxP : MAX_PARALLELISMS) {
      KeyGroupPrefix codec = KeyGroupPrefix.forMaxParallelism(maxP);
      byte[] buffer = new byte[3 + codec.prefixBytes() + 2];
      byte[] previous = null;
      for (int kg = 0; kg < maxP; kg++) {
        Arrays.fill(buffer, (byte) 0xAB);
        assertEquals(3 + codec.prefixBytes(), codec.write(kg, buffer, 3));
        assertEquals(kg, codec.read(buffer, 3), "maxP " + maxP);
        // Bytes around the prefix are untouched.
        assertEquals((byte) 0xAB, buffer[2]);
        assertEquals((byte) 0xAB, buffer[3 + codec.prefixBytes()]);
        byte[] encoded = codec.encode(kg);
        assertEquals(kg, codec.read(encoded));
        if (previous != null) {
          assertTrue(Arrays.compareUnsigned(previous, encoded) < 0, "order at " + kg);
        }
        previous = encoded;
      }
    }
  }

  @Test
  void prependAndStripRoundTrip() {
    KeyGroupPrefix codec = KeyGroupPrefix.forMaxParallelism(4096);
    byte[] key = "user-42".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] prefixed = codec.prepend(4095, key);
    assertEquals(key.length + 2, prefixed.length);
    assertArrayEquals(bytes(0x0f, 0xff), Arrays.copyOf(prefixed, 2));
    assertEquals(4095, codec.read(prefixed));
    assertArrayEquals(key, codec.stripPrefix(prefixed));
    assertArrayEquals(bytes(0x00), KeyGroupPrefix.forMaxParallelism(8).prepend(0, new byte[0]));
    assertArrayEquals(new byte[0], KeyGroupPrefix.forMaxParallelism(8).stripPrefix(bytes(0x03)));
  }

  @Test
  void byteRangeBoundsIncludingTheLastKeyGroup() {
    KeyGroupPrefix one = KeyGroupPrefix.forMaxParallelism(128);
    assertArrayEquals(bytes(0x00), one.lowerBound(KeyGroupRange.of(0, 63)));
    assertArrayEquals(bytes(0x40), one.upperBound(KeyGroupRange.of(0, 63)));
    assertArrayEquals(bytes(0x80), one.upperBound(KeyGroupRange.of(64, 127)));
    KeyGroupPrefix two = KeyGroupPrefix.forMaxParallelism(32768);
    assertArrayEquals(bytes(0x80, 0x00), two.upperBound(KeyGroupRange.of(32767, 32767)));
    assertArrayEquals(bytes(0x7f, 0xff), two.lowerBound(KeyGroupRange.of(32767, 32767)));
    KeyGroupPrefix odd = KeyGroupPrefix.forMaxParallelism(200);
    assertArrayEquals(bytes(0x00, 0xc8), odd.upperBound(KeyGroupRange.all(200)));
    assertArrayEquals(
        bytes(0x01), KeyGroupPrefix.forMaxParallelism(1).upperBound(KeyGroupRange.all(1)));
  }

  @Test
  void byteRangeHoldsExactlyTheKeysOfTheRange() {
    long seed = 20261124L;
    System.out.println("byteRangeHoldsExactlyTheKeysOfTheRange seed=" + seed);
    Random random = new Random(seed);
    // Suffixes that stress the boundaries: empty, all-zero, all-0xff, and random.
    byte[][] suffixes = {new byte[0], new byte[4], filled(9, 0xff), randomBytes(random, 6)};
    for (int maxP : MAX_PARALLELISMS) {
      KeyGroupPrefix codec = KeyGroupPrefix.forMaxParallelism(maxP);
      for (int p : new int[] {1, 3, 7}) {
        if (p > maxP) {
          continue;
        }
        for (int index = 0; index < p; index++) {
          KeyGroupRange range = KeyGroups.rangeForOperator(maxP, p, index);
          byte[] lower = codec.lowerBound(range);
          byte[] upper = codec.upperBound(range);
          for (int kg = 0; kg < maxP; kg += Math.max(1, maxP / 300)) {
            checkMembership(codec, range, lower, upper, kg, suffixes);
          }
          // The edges, always.
          for (int kg :
              new int[] {range.start(), range.end(), range.start() - 1, range.end() + 1}) {
            if (kg >= 0 && kg < maxP) {
              checkMembership(codec, range, lower, upper, kg, suffixes);
            }
          }
        }
      }
    }
  }

  private static void checkMembership(
      KeyGroupPrefix codec,
      KeyGroupRange range,
      byte[] lower,
      byte[] upper,
      int kg,
      byte[][] suffixes) {
    for (byte[] suffix : suffixes) {
      byte[] key = codec.prepend(kg, suffix);
      boolean inBytes =
          Arrays.compareUnsigned(lower, key) <= 0 && Arrays.compareUnsigned(key, upper) < 0;
      String where = codec + " " + range + " kg " + kg + " suffix " + suffix.length;
      assertEquals(range.contains(kg), inBytes, where);
      assertEquals(range.contains(kg), codec.inRange(key, range), where);
    }
  }

  @Test
  void badInputIsRejectedNamingTheValue() {
    KeyGroupPrefix one = KeyGroupPrefix.forMaxParallelism(128);
    KeyGroupPrefix two = KeyGroupPrefix.forMaxParallelism(4096);
    assertRejected(() -> KeyGroupPrefix.forMaxParallelism(0), "maxParallelism 0");
    assertRejected(() -> KeyGroupPrefix.forMaxParallelism(32769), "maxParallelism 32769");
    assertRejected(() -> one.encode(128), "key group 128");
    assertRejected(() -> one.encode(-1), "key group -1");
    assertRejected(() -> two.prepend(4096, new byte[1]), "key group 4096");
    assertRejected(() -> two.write(1, new byte[3], 2), "offset 2");
    assertRejected(() -> two.write(1, new byte[3], -1), "offset -1");
    assertRejected(() -> two.read(new byte[1], 0), "does not fit in 1 bytes");
    assertRejected(() -> one.read(new byte[0]), "does not fit in 0 bytes");
    assertRejected(() -> two.stripPrefix(new byte[1]), "does not fit in 1 bytes");
    // Bytes that are not a key group of this job.
    assertRejected(() -> one.read(bytes(0x80)), "decodes to 128");
    assertRejected(() -> two.read(bytes(0x10, 0x00)), "decodes to 4096");
    assertRejected(() -> one.lowerBound(KeyGroupRange.EMPTY), "empty");
    assertRejected(() -> one.upperBound(KeyGroupRange.EMPTY), "empty");
    assertRejected(() -> one.upperBound(KeyGroupRange.of(100, 128)), "KeyGroupRange[100, 128]");
    assertRejected(() -> one.inRange(bytes(0x01), KeyGroupRange.of(0, 200)), "200");
    assertRejected(() -> one.inRange(new byte[0], KeyGroupRange.of(0, 1)), "0 bytes");
  }

  @Test
  void equalsHashCodeToString() {
    assertEquals(KeyGroupPrefix.forMaxParallelism(128), KeyGroupPrefix.forMaxParallelism(128));
    assertEquals(
        KeyGroupPrefix.forMaxParallelism(128).hashCode(),
        KeyGroupPrefix.forMaxParallelism(128).hashCode());
    assertNotEquals(KeyGroupPrefix.forMaxParallelism(128), KeyGroupPrefix.forMaxParallelism(129));
    assertEquals(
        "KeyGroupPrefix[maxParallelism=129, bytes=2]",
        KeyGroupPrefix.forMaxParallelism(129).toString());
    assertFalse(KeyGroupPrefix.forMaxParallelism(1).equals(null));
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] filled(int length, int value) {
    byte[] out = new byte[length];
    Arrays.fill(out, (byte) value);
    return out;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }
}
