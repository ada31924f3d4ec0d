package io.sediment.keygroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties and input validation of {@link KeyGroups}; Flink equality is in FlinkCompatibility.
 */
class KeyGroupsTest {

  private static final int[] MAX_PARALLELISMS = {1, 2, 3, 127, 128, 129, 1000, 4096, 32768};

  @Test
  void operatorRangesPartitionAllKeyGroupsInOrder() {
    for (int maxP : MAX_PARALLELISMS) {
      for (int p : new int[] {1, 2, 3, 7, 64, 127, 128, 1000, maxP}) {
        if (p > maxP) {
          continue;
        }
        int nextStart = 0;
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int index = 0; index < p; index++) {
          KeyGroupRange range = KeyGroups.rangeForOperator(maxP, p, index);
          String where = "maxP " + maxP + " p " + p + " index " + index + ": " + range;
          assertEquals(nextStart, range.start(), where);
          assertTrue(!range.isEmpty(), where);
          smallest = Math.min(smallest, range.size());
          largest = Math.max(largest, range.size());
          for (int kg = range.start(); kg <= range.end(); kg++) {
            assertEquals(
                index, KeyGroups.operatorIndexForKeyGroup(maxP, p, kg), where + " kg " + kg);
          }
          nextStart = range.end() + 1;
        }
        assertEquals(maxP, nextStart, "ranges must end at the last key group, maxP " + maxP);
        assertTrue(largest - smallest <= 1, "unbalanced ranges for maxP " + maxP + " p " + p);
      }
    }
  }

  @Test
  void assignStaysInRangeAndSpreadsKeys() {
    long seed = 7_2026_1124L;
    System.out.println("assignStaysInRangeAndSpreadsKeys seed=" + seed);
    Random random = new Random(seed);
    int maxP = 128;
    int[] counts = new int[maxP];
    int keys = 128_000;
    for (int i = 0; i < keys; i++) {
      int kg = KeyGroups.assign(random.nextInt(), maxP);
      assertTrue(kg >= 0 && kg < maxP, "key group " + kg);
      counts[kg]++;
    }
    // Sequential small integers must spread too: that is what the murmur finalizer is for.
    int[] sequential = new int[maxP];
    for (int i = 0; i < keys; i++) {
      sequential[KeyGroups.assign(i, maxP)]++;
    }
    for (int kg = 0; kg < maxP; kg++) {
      // Expected 1000 per group; a loose bound that a uniform hash passes with huge margin.
      assertTrue(counts[kg] > 700 && counts[kg] < 1300, "random keys in group " + kg);
      assertTrue(sequential[kg] > 700 && sequential[kg] < 1300, "sequential keys in group " + kg);
    }
  }

  @Test
  void murmurHashIsNonNegativeAtTheEdges() {
    for (int code : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertTrue(KeyGroups.murmurHash(code) >= 0, "murmurHash(" + code + ")");
    }
    assertEquals(KeyGroups.assign(-1, 128), KeyGroups.murmurHash(-1) % 128);
  }

  @Test
  void assignToOperatorComposesAssignAndOperatorIndex() {
    for (int hash = -1000; hash <= 1000; hash += 7) {
      int kg = KeyGroups.assign(hash, 4096);
      assertEquals(
          KeyGroups.operatorIndexForKeyGroup(4096, 7, kg),
          KeyGroups.assignToOperator(hash, 4096, 7));
    }
  }

  @Test
  void defaultMaxParallelismFollowsTheRule() {
    assertEquals(128, KeyGroups.defaultMaxParallelism(1));
    assertEquals(128, KeyGroups.defaultMaxParallelism(85)); // 127 -> 128
    assertEquals(256, KeyGroups.defaultMaxParallelism(86)); // 129 -> 256
    assertEquals(32768, KeyGroups.defaultMaxParallelism(21845)); // 32767 -> 32768
    assertEquals(32768, KeyGroups.defaultMaxParallelism(21846)); // 32769 -> 65536, clamped
    assertEquals(32768, KeyGroups.defaultMaxParallelism(32768));
  }

  @Test
  void prefixBytesSwitchesAbove128() {
    assertEquals(1, KeyGroups.prefixBytes(1));
    assertEquals(1, KeyGroups.prefixBytes(128));
    assertEquals(2, KeyGroups.prefixBytes(129));
    assertEquals(2, KeyGroups.prefixBytes(32768));
  }

  @Test
  void badArgumentsAreRejectedNamingTheValue() {
    assertRejected(() -> KeyGroups.assign(1, 0), "0");
    assertRejected(() -> KeyGroups.assign(1, -3), "-3");
    assertRejected(() -> KeyGroups.assign(1, 32769), "32769");
    assertRejected(() -> KeyGroups.rangeForOperator(128, 0, 0), "parallelism 0");
    assertRejected(() -> KeyGroups.rangeForOperator(128, 129, 0), "parallelism 129");
    assertRejected(() -> KeyGroups.rangeForOperator(128, 4, 4), "operatorIndex 4");
    assertRejected(() -> KeyGroups.rangeForOperator(128, 4, -1), "operatorIndex -1");
    assertRejected(() -> KeyGroups.rangeForOperator(40000, 4, 0), "maxParallelism 40000");
    assertRejected(() -> KeyGroups.operatorIndexForKeyGroup(128, 4, 128), "key group 128");
    assertRejected(() -> KeyGroups.operatorIndexForKeyGroup(128, 4, -1), "key group -1");
    assertRejected(() -> KeyGroups.operatorIndexForKeyGroup(128, 200, 5), "parallelism 200");
    assertRejected(() -> KeyGroups.assignToOperator(5, 128, 0), "parallelism 0");
    assertRejected(() -> KeyGroups.defaultMaxParallelism(0), "parallelism 0");
    assertRejected(() -> KeyGroups.defaultMaxParallelism(32769), "parallelism 32769");
    assertRejected(() -> KeyGroups.prefixBytes(0), "maxParallelism 0");
    assertRejected(() -> KeyGroups.prefixBytes(65536), "maxParallelism 65536");
  }

  static void assertRejected(Runnable call, String expectedInMessage) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(
        e.getMessage().contains(expectedInMessage),
        "message '" + e.getMessage() + "' should name '" + expectedInMessage + "'");
  }
}
