package io.sediment.keygroups;

import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;

/**
 * An immutable, contiguous range of key groups {@code [start, end]}, end inclusive as in Flink's
 * {@code KeyGroupRange}.
 *
 * <p>A range is either empty ({@link #EMPTY}, the only empty instance: {@link #of(int, int)}
 * returns it for {@code end == start - 1}) or holds {@code end - start + 1} key groups, all within
 * {@code [0, }{@link KeyGroups#MAX_MAX_PARALLELISM}{@code )}. Two ranges are equal when they hold
 * the same key groups.
 *
 * <p>Iterating yields the key groups in ascending order; {@link #intStream()} and {@link
 * #primitiveIterator()} do so without boxing.
 */
public final class KeyGroupRange implements Iterable<Integer> {

  /** The range holding no key group: {@code start() == 0}, {@code end() == -1}, as in Flink. */
  public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

  private final int start;
  private final int end;

  private KeyGroupRange(int start, int end) {
    this.start = start;
    this.end = end;
  }

  /**
   * The range {@code [start, end]}; {@link #EMPTY} when {@code end == start - 1}.
   *
   * @throws IllegalArgumentException if start is negative, end is below {@code start - 1}, or end
   *     is at or above {@link KeyGroups#MAX_MAX_PARALLELISM}; the message names both bounds
   */
  public static KeyGroupRange of(int start, int end) {
    if (start < 0) {
      throw new IllegalArgumentException(
          "key-group range [" + start + ", " + end + "]: negative start " + start);
    }
    if (end < start - 1) {
      throw new IllegalArgumentException(
          "key-group range ["
              + start
              + ", "
              + end
              + "]: end "
              + end
              + " is below start - 1 (use end = start - 1 for an empty range)");
    }
    if (end >= KeyGroups.MAX_MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "key-group range ["
              + start
              + ", "
              + end
              + "]: end "
              + end
              + " is not below "
              + KeyGroups.MAX_MAX_PARALLELISM);
    }
    return end == start - 1 ? EMPTY : new KeyGroupRange(start, end);
  }

  /**
   * Every key group of a job with the given maximum parallelism: {@code [0, maxParallelism - 1]}.
   *
   * @throws IllegalArgumentException if maxParallelism is outside {@code [1, 32768]}
   */
  public static KeyGroupRange all(int maxParallelism) {
    KeyGroups.checkMaxParallelism(maxParallelism);
    return new KeyGroupRange(0, maxParallelism - 1);
  }

  /** First key group, inclusive (0 for {@link #EMPTY}). */
  public int start() {
    return start;
  }

  /** Last key group, inclusive ({@code -1} for {@link #EMPTY}). */
  public int end() {
    return end;
  }

  /** Number of key groups in the range; 0 when empty. */
  public int size() {
    return end - start + 1;
  }

  /** Whether the range holds no key group. */
  public boolean isEmpty() {
    return end < start;
  }

  /** Whether {@code keyGroup} lies in the range; false for any value when empty. */
  public boolean contains(int keyGroup) {
    return keyGroup >= start && keyGroup <= end;
  }

  /** Whether every key group of {@code other} lies in this range (true when other is empty). */
  public boolean contains(KeyGroupRange other) {
    return other.isEmpty() || (other.start >= start && other.end <= end);
  }

  /** Whether the two ranges share at least one key group. */
  public boolean overlaps(KeyGroupRange other) {
    return !intersect(other).isEmpty();
  }

  /** The key groups in both ranges; {@link #EMPTY} when they are disjoint. */
  public KeyGroupRange intersect(KeyGroupRange other) {
    int s = Math.max(start, other.start);
    int e = Math.min(end, other.end);
    return s <= e ? new KeyGroupRange(s, e) : EMPTY;
  }

  /** The key groups in ascending order, without boxing. */
  public IntStream intStream() {
    return IntStream.rangeClosed(start, end);
  }

  /** An ascending iterator over the key groups, without boxing. */
  public PrimitiveIterator.OfInt primitiveIterator() {
    return new PrimitiveIterator.OfInt() {
      private int next = start;

      @Override
      public boolean hasNext() {
        return next <= end;
      }

      @Override
      public int nextInt() {
        if (next > end) {
          throw new NoSuchElementException(
              "no key group after " + end + " in " + KeyGroupRange.this);
        }
        return next++;
      }
    };
  }

  /** As {@link #primitiveIterator()}; boxing callers of {@code next()} pay for an Integer. */
  @Override
  public PrimitiveIterator.OfInt iterator() {
    return primitiveIterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyGroupRange r && r.start == start && r.end == end;
  }

  @Override
  public int hashCode() {
    return 31 * start + end;
  }

  /** {@code KeyGroupRange[start, end]}, or {@code KeyGroupRange[empty]}. */
  @Override
  public String toString() {
    return isEmpty() ? "KeyGroupRange[empty]" : "KeyGroupRange[" + start + ", " + end + "]";
  }
}
