package io.sediment.lsm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InternalKeyTest {

  @Test
  void userKeyOrderAgreesWithUnsignedLexicographicOrder() {
    Random r = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      // Short alphabets and lengths around the 8-byte stride make equal prefixes, ties and
      // differences in every position likely.
      byte[] a = randomKey(r);
      int kind = r.nextInt(4);
      byte[] b =
          kind == 0
              ? a.clone()
              : kind == 1 ? Arrays.copyOf(a, a.length + r.nextInt(3)) : randomKey(r);
      int aOff = r.nextInt(3);
      int bOff = r.nextInt(3);
      byte[] aa = embed(a, aOff, r);
      byte[] bb = embed(b, bOff, r);
      assertEquals(
          Integer.signum(Arrays.compareUnsigned(a, b)),
          Integer.signum(InternalKey.compareUserKeys(aa, aOff, a.length, bb, bOff, b.length)),
          () -> Arrays.toString(a) + " vs " + Arrays.toString(b));
    }
  }

  @Test
  void internalOrderIsUserKeyAscendingThenTrailerDescending() {
    Random r = new Random(12);
    for (int i = 0; i < 50_000; i++) {
      byte[] ua = randomKey(r);
      byte[] ub = r.nextBoolean() ? ua : randomKey(r);
      long sa = r.nextInt(4) == 0 ? InternalKey.MAX_SEQUENCE - r.nextInt(3) : r.nextInt(5);
      long sb = r.nextInt(4) == 0 ? InternalKey.MAX_SEQUENCE - r.nextInt(3) : r.nextInt(5);
      ValueType ta = ValueType.fromCode(r.nextInt(4));
      ValueType tb = ValueType.fromCode(r.nextInt(4));
      byte[] a = InternalKey.encode(ua, sa, ta);
      byte[] b = InternalKey.encode(ub, sb, tb);
      int users = Integer.signum(Arrays.compareUnsigned(ua, ub));
      int want =
          users != 0
              ? users
              : Integer.signum(
                  Long.compareUnsigned(InternalKey.trailer(sb, tb), InternalKey.trailer(sa, ta)));
      assertEquals(want, Integer.signum(InternalKey.compare(a, b)));
      assertEquals(sa, InternalKey.sequence(a, 0, a.length));
      assertEquals(ta, InternalKey.type(a, 0, a.length));
    }
  }

  @Test
  void slicesOutsideTheArrayAreRejected() {
    byte[] k = new byte[10];
    assertThrows(
        IndexOutOfBoundsException.class, () -> InternalKey.compareUserKeys(k, 5, 6, k, 0, 1));
    assertThrows(
        IndexOutOfBoundsException.class, () -> InternalKey.compareUserKeys(k, 0, 1, k, -1, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> InternalKey.compare(k, 0, 4, k, 0, 9));
  }

  private static byte[] randomKey(Random r) {
    byte[] k = new byte[r.nextInt(20)];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (r.nextBoolean() ? 0 : r.nextBoolean() ? 0xFF : r.nextInt(3));
    }
    return k;
  }

  /** {@code key} at {@code offset} of a larger array with random bytes around it. */
  private static byte[] embed(byte[] key, int offset, Random r) {
    byte[] out = new byte[offset + key.length + r.nextInt(9)];
    r.nextBytes(out);
    System.arraycopy(key, 0, out, offset, key.length);
    return out;
  }
}
