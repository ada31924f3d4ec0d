package io.sediment.stream.window;

import io.sediment.stream.Serializer;
import java.nio.ByteBuffer;

/**
 * A window of event or processing time: the half-open interval {@code [start, end)} in
 * milliseconds. Its last timestamp, {@link #maxTimestamp()}, is {@code end - 1}: an event-time
 * window fires once the watermark reaches it (Flink's rule).
 *
 * @param start the first timestamp in the window
 * @param end the first timestamp after it
 */
public record TimeWindow(long start, long end) implements Comparable<TimeWindow> {

  private static final Serializer<TimeWindow> SERIALIZER =
      new Serializer<>() {
        @Override
        public byte[] serialize(TimeWindow w) {
          return ByteBuffer.allocate(2 * Long.BYTES).putLong(w.start).putLong(w.end).array();
        }

        @Override
        public TimeWindow deserialize(byte[] bytes) {
          if (bytes.length != 2 * Long.BYTES) {
            throw new IllegalArgumentException("a time window is 16 bytes, not " + bytes.length);
          }
          ByteBuffer b = ByteBuffer.wrap(bytes);
          return new TimeWindow(b.getLong(), b.getLong());
        }
      };

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if {@code end} is not after {@code start}
   */
  public TimeWindow {
    if (end <= start) {
      throw new IllegalArgumentException(
          "a window ends after it starts: [" + start + ", " + end + ")");
    }
  }

  /** The last timestamp in the window, {@code end - 1}. */
  public long maxTimestamp() {
    return end - 1;
  }

  /** Whether this window and {@code other} overlap or touch (session windows merge then). */
  public boolean intersects(TimeWindow other) {
    return start <= other.end && end >= other.start;
  }

  /** The smallest window covering this one and {@code other}. */
  public TimeWindow cover(TimeWindow other) {
    return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
  }

  /** Windows in order of start, then end. */
  @Override
  public int compareTo(TimeWindow o) {
    int c = Long.compare(start, o.start);
    return c != 0 ? c : Long.compare(end, o.end);
  }

  /** 16 bytes, big-endian start then end: the namespace of a window's state. */
  public static Serializer<TimeWindow> serializer() {
    return SERIALIZER;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
