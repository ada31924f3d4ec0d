package io.sediment.lsm.internal.sst;

import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.internal.RangeTombstone;
import java.util.List;

/**
 * The smallest and largest key group of the keys of one SST, recorded in its properties when the
 * store declares key groups (see {@link SstProperties#keyGroups()}).
 *
 * <p>Point keys contribute the key group of their prefix. A range tombstone {@code [begin, end)}
 * contributes the key group of {@code begin} and the last key group it covers: the group of {@code
 * end}, or the one before when {@code end} is exactly a prefix (the exclusive end of a key-group
 * range), so a tombstone written up to {@code prefix(g + 1)} spans groups up to {@code g}.
 *
 * @param smallest smallest key group, at least 0
 * @param largest largest key group, at least {@code smallest}
 */
public record KeyGroupSpan(int smallest, int largest) {

  /**
   * @throws IllegalArgumentException naming both values unless {@code 0 <= smallest <= largest}
   */
  public KeyGroupSpan {
    if (smallest < 0 || largest < smallest) {
      throw new IllegalArgumentException("bad key-group span [" + smallest + ", " + largest + "]");
    }
  }

  /**
   * The span of a file's keys.
   *
   * @param maxParallelism sizes the prefix
   * @param firstUserKey smallest point user key, or null without point entries
   * @param lastUserKey largest point user key, or null without point entries
   * @param tombstones the file's range tombstones
   * @return the span, or null when the file has no key, or a key too short to hold a prefix
   */
  static KeyGroupSpan of(
      int maxParallelism,
      byte[] firstUserKey,
      byte[] lastUserKey,
      List<RangeTombstone> tombstones) {
    int bytes = KeyGroups.prefixBytes(maxParallelism);
    int min = Integer.MAX_VALUE;
    int max = -1;
    if (firstUserKey != null) {
      if (firstUserKey.length < bytes || lastUserKey.length < bytes) {
        return null;
      }
      min = group(firstUserKey, bytes);
      max = group(lastUserKey, bytes);
    }
    for (RangeTombstone t : tombstones) {
      if (t.begin().length < bytes || t.end().length < bytes) {
        return null;
      }
      int begin = group(t.begin(), bytes);
      int end = group(t.end(), bytes);
      if (t.end().length == bytes) {
        end--; // exactly prefix(end): the tombstone stops before that group
      }
      min = Math.min(min, begin);
      max = Math.max(max, Math.max(begin, end));
    }
    return max < 0 ? null : new KeyGroupSpan(min, max);
  }

  private static int group(byte[] key, int bytes) {
    int value = key[0] & 0xFF;
    return bytes == 2 ? (value << 8) | (key[1] & 0xFF) : value;
  }

  @Override
  public String toString() {
    return "[" + smallest + ", " + largest + "]";
  }
}
