package io.sediment.fs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * One range of a batched read ({@link ReadableFile#readRanges}): the {@code length} bytes of the
 * file starting at {@code position}, to be copied into {@code dst[offset..offset + length)}.
 *
 * @param position where in the file the range starts
 * @param dst the array the bytes go to
 * @param offset where in {@code dst} they go
 * @param length how many bytes
 */
public record ReadRange(long position, byte[] dst, int offset, int length) {

  /**
   * @throws IllegalArgumentException for a null array, a negative position or length, or a
   *     destination range outside the array
   */
  public ReadRange {
    if (dst == null) {
      throw new IllegalArgumentException("destination array must not be null");
    }
    if (position < 0) {
      throw new IllegalArgumentException("negative read position " + position);
    }
    if (length < 0) {
      throw new IllegalArgumentException("negative read length " + length);
    }
    if (offset < 0 || offset > dst.length - length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", " + offset + "+" + length + ") outside array of " + dst.length);
    }
  }

  /** The first position after the range. */
  public long end() {
    return position + length;
  }

  /**
   * Checks the argument of a {@link ReadableFile#readRanges} call.
   *
   * @throws IllegalArgumentException if two of {@code ranges} overlap (naming {@code path})
   */
  public static void requireDisjoint(List<ReadRange> ranges, Path path) {
    if (ranges.size() < 2) {
      return;
    }
    List<ReadRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(ReadRange::position));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).position() < sorted.get(i - 1).end()) {
        throw new IllegalArgumentException(
            "read ranges overlap at position " + sorted.get(i).position() + " in " + path);
      }
    }
  }
}
