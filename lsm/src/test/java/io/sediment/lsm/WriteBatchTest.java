package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteBatchTest {

  @Test
  void replaysInOrderAndRoundTrips() throws Exception {
    WriteBatch b = new WriteBatch();
    b.put(bytes("k1"), bytes("v1"))
        .delete(bytes("k2"))
        .deleteRange(bytes("a"), bytes("b"))
        .merge(bytes("k3"), bytes("op"))
        .put(new byte[0], new byte[0]);
    assertEquals(5, b.count());
    assertEquals(1, b.rangeDeletionCount());
    List<String> expected =
        List.of("put k1=v1", "delete k2", "deleteRange [a, b)", "merge k3+op", "put =");
    assertEquals(expected, replay(b));
    WriteBatch decoded = WriteBatch.decode(b.encode());
    assertEquals(5, decoded.count());
    assertEquals(expected, replay(decoded));
    assertArrayEquals(b.encode(), decoded.encode());
    assertTrue(b.approximateSizeInBytes() >= b.encode().length - 9);

    b.clear();
    assertEquals(0, b.count());
    assertTrue(b.isEmpty());
    assertEquals(List.of(), replay(b));
    assertEquals(0, WriteBatch.decode(b.encode()).count());
  }

  @Test
  void copiesArguments() {
    byte[] k = bytes("key");
    WriteBatch b = new WriteBatch().put(k, bytes("v"));
    k[0] = 'X';
    assertEquals(List.of("put key=v"), replay(b));
  }

  @Test
  void randomBatchesRoundTrip() throws Exception {
    long seed = 11;
    Random r = new Random(seed);
    for (int i = 0; i < 200; i++) {
      WriteBatch b = new WriteBatch();
      int n = r.nextInt(50);
      for (int j = 0; j < n; j++) {
        byte[] k = new byte[r.nextInt(r.nextBoolean() ? 4 : 300)];
        byte[] v = new byte[r.nextInt(r.nextBoolean() ? 4 : 300)];
        r.nextBytes(k);
        r.nextBytes(v);
        switch (r.nextInt(4)) {
          case 0 -> b.put(k, v);
          case 1 -> b.delete(k);
          case 2 -> b.merge(k, v);
          default -> {
            byte[] end = Arrays.copyOf(k, k.length + 1);
            b.deleteRange(k, end);
          }
        }
      }
      assertEquals(replay(b), replay(WriteBatch.decode(b.encode())), "seed " + seed);
    }
  }

  @Test
  void everyFlippedBitAndTruncationIsDetected() {
    WriteBatch b = new WriteBatch();
    b.put(bytes("key"), bytes("value")).delete(bytes("gone")).deleteRange(bytes("a"), bytes("c"));
    byte[] good = b.encode();
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        assertThrows(CorruptionException.class, () -> WriteBatch.decode(bad), "byte " + i);
      }
    }
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      CorruptionException e =
          assertThrows(CorruptionException.class, () -> WriteBatch.decode(cut, "000007.log", 100));
      assertEquals("000007.log", e.file());
      assertTrue(e.offset() >= 100, e.getMessage());
    }
  }

  @Test
  void validatesArguments() {
    WriteBatch b = new WriteBatch();
    assertMessage("key", () -> b.put(null, bytes("v")));
    assertMessage("value", () -> b.put(bytes("k"), null));
    assertMessage("key", () -> b.delete(null));
    assertMessage("operand", () -> b.merge(bytes("k"), null));
    assertMessage("beginInclusive", () -> b.deleteRange(null, bytes("b")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.deleteRange(bytes("b"), bytes("a")));
    assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("'a'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.deleteRange(bytes("b"), bytes("b")));
    assertEquals(0, b.count());
  }

  private static void assertMessage(String name, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  private static List<String> replay(WriteBatch b) {
    List<String> out = new ArrayList<>();
    b.forEach(
        new WriteBatch.Handler() {
          @Override
          public void put(byte[] key, byte[] value) {
            out.add("put " + s(key) + "=" + s(value));
          }

          @Override
          public void delete(byte[] key) {
            out.add("delete " + s(key));
          }

          @Override
          public void deleteRange(byte[] begin, byte[] end) {
            out.add("deleteRange [" + s(begin) + ", " + s(end) + ")");
          }

          @Override
          public void merge(byte[] key, byte[] operand) {
            out.add("merge " + s(key) + "+" + s(operand));
          }
        });
    return out;
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
