package io.sediment.compaction;

import java.util.SplittableRandom;

/** Seeded input generators for the merge-function tests. */
final class Generators {

  private Generators() {}

  /**
   * Numbers of {@code width} bytes, with edge values (0, 1, all ones, the extremes) often and an
   * input of another length (0 to 12 bytes) one time in ten.
   */
  static MergeProperty.Gen fixedWidth(int width) {
    return random -> {
      int r = random.nextInt(10);
      if (r == 0) {
        int length;
        do {
          length = random.nextInt(13);
        } while (length == width);
        return bytes(random, length);
      }
      if (r == 1) {
        byte[] edge = new byte[width];
        int kind = random.nextInt(4);
        for (int i = 0; i < width; i++) {
          edge[i] =
              switch (kind) {
                case 0 -> 0;
                case 1 -> (byte) 0xFF;
                case 2 -> (byte) (i == 0 ? 0x7F : 0xFF);
                default -> (byte) (i == 0 ? 0x80 : 0);
              };
        }
        return edge;
      }
      return bytes(random, width);
    };
  }

  /** Any bytes, 0 to 10 long, sometimes containing the ',' delimiter. */
  static MergeProperty.Gen anyBytes() {
    return random -> {
      byte[] b = bytes(random, random.nextInt(11));
      if (b.length > 0 && random.nextInt(4) == 0) {
        b[random.nextInt(b.length)] = ',';
      }
      return b;
    };
  }

  static byte[] bytes(SplittableRandom random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }
}
