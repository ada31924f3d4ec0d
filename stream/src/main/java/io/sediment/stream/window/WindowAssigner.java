package io.sediment.stream.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which windows an element belongs to, by its timestamp: event time (the record's timestamp) or
 * processing time (the runtime's clock when the record is processed). Three kinds, as in Flink:
 *
 * <ul>
 *   <li><b>tumbling</b>: fixed-size windows that do not overlap, {@code [offset + n * size, offset
 *       + (n + 1) * size)}; an element is in exactly one;
 *   <li><b>sliding</b>: windows of {@code size} starting every {@code slide}; an element is in
 *       {@code ceil(size / slide)} of them (fewer if the slide does not divide the size);
 *   <li><b>session</b>: a window of {@code gap} from each element, merged with every window of the
 *       key it overlaps or touches, so a session ends after {@code gap} without elements.
 * </ul>
 *
 * Durations are taken in whole milliseconds. Immutable.
 */
public final class WindowAssigner {

  /** The kind of windows. */
  public enum Kind {
    /** Fixed size, no overlap. */
    TUMBLING,
    /** Fixed size, a new window every slide. */
    SLIDING,
    /** Per key, merged while elements come closer than the gap. */
    SESSION
  }

  private final Kind kind;
  private final boolean eventTime;
  private final long size;
  private final long slide;
  private final long offset;

  private WindowAssigner(Kind kind, boolean eventTime, long size, long slide, long offset) {
    this.kind = kind;
    this.eventTime = eventTime;
    this.size = size;
    this.slide = slide;
    this.offset = offset;
  }

  /**
   * Tumbling event-time windows of {@code size}, aligned to the epoch.
   *
   * @throws IllegalArgumentException if {@code size} is null or under a millisecond
   */
  public static WindowAssigner tumblingEventTime(Duration size) {
    return tumbling(true, size, Duration.ZERO);
  }

  /**
   * Tumbling event-time windows of {@code size} starting at {@code offset} past each multiple of
   * {@code size}.
   *
   * @throws IllegalArgumentException if {@code size} is null or under a millisecond, or {@code
   *     offset} null, negative or not below {@code size}
   */
  public static WindowAssigner tumblingEventTime(Duration size, Duration offset) {
    return tumbling(true, size, offset);
  }

  /**
   * Tumbling processing-time windows of {@code size}, aligned to the epoch.
   *
   * @throws IllegalArgumentException if {@code size} is null or under a millisecond
   */
  public static WindowAssigner tumblingProcessingTime(Duration size) {
    return tumbling(false, size, Duration.ZERO);
  }

  /**
   * Sliding event-time windows of {@code size}, one starting every {@code slide}.
   *
   * @throws IllegalArgumentException if either is null or under a millisecond, or {@code slide}
   *     exceeds {@code size}
   */
  public static WindowAssigner slidingEventTime(Duration size, Duration slide) {
    return sliding(true, size, slide);
  }

  /**
   * Sliding processing-time windows of {@code size}, one starting every {@code slide}.
   *
   * @throws IllegalArgumentException if either is null or under a millisecond, or {@code slide}
   *     exceeds {@code size}
   */
  public static WindowAssigner slidingProcessingTime(Duration size, Duration slide) {
    return sliding(false, size, slide);
  }

  /**
   * Event-time sessions closing after {@code gap} without elements of their key.
   *
   * @throws IllegalArgumentException if {@code gap} is null or under a millisecond
   */
  public static WindowAssigner sessionEventTime(Duration gap) {
    return new WindowAssigner(Kind.SESSION, true, millis(gap, "gap"), 0, 0);
  }

  /**
   * Processing-time sessions closing after {@code gap} without elements of their key.
   *
   * @throws IllegalArgumentException if {@code gap} is null or under a millisecond
   */
  public static WindowAssigner sessionProcessingTime(Duration gap) {
    return new WindowAssigner(Kind.SESSION, false, millis(gap, "gap"), 0, 0);
  }

  private static WindowAssigner tumbling(boolean eventTime, Duration size, Duration offset) {
    long s = millis(size, "size");
    if (offset == null || offset.isNegative() || offset.toMillis() >= s) {
      throw new IllegalArgumentException("offset must be in [0, size): " + offset);
    }
    return new WindowAssigner(Kind.TUMBLING, eventTime, s, s, offset.toMillis());
  }

  private static WindowAssigner sliding(boolean eventTime, Duration size, Duration slide) {
    long s = millis(size, "size");
    long sl = millis(slide, "slide");
    if (sl > s) {
      throw new IllegalArgumentException("slide must not exceed size: " + slide + " > " + size);
    }
    return new WindowAssigner(Kind.SLIDING, eventTime, s, sl, 0);
  }

  private static long millis(Duration d, String what) {
    if (d == null || d.toMillis() < 1) {
      throw new IllegalArgumentException(what + " must be at least a millisecond: " + d);
    }
    return d.toMillis();
  }

  /** The kind of windows. */
  public Kind kind() {
    return kind;
  }

  /** Whether windows are of event time (or of processing time). */
  public boolean isEventTime() {
    return eventTime;
  }

  /** Whether windows of a key merge (sessions). */
  public boolean isMerging() {
    return kind == Kind.SESSION;
  }

  /** The window size (the gap of sessions), in milliseconds. */
  public long size() {
    return size;
  }

  /** The slide in milliseconds (the size for tumbling windows, 0 for sessions). */
  public long slide() {
    return slide;
  }

  /**
   * The windows of an element at {@code timestamp}: for sessions, the element's own window (which
   * the operator merges with the key's others).
   */
  public List<TimeWindow> assignWindows(long timestamp) {
    return switch (kind) {
      case SESSION -> List.of(new TimeWindow(timestamp, saturatedAdd(timestamp, size)));
      case TUMBLING -> {
        long start = timestamp - Math.floorMod(timestamp - offset, size);
        yield List.of(new TimeWindow(start, start + size));
      }
      case SLIDING -> {
        List<TimeWindow> out = new ArrayList<>();
        long last = timestamp - Math.floorMod(timestamp - offset, slide);
        for (long start = last; start > timestamp - size; start -= slide) {
          out.add(new TimeWindow(start, start + size));
        }
        yield out;
      }
    };
  }

  /**
   * The window of a tumbling or sliding assigner whose last timestamp is {@code maxTimestamp}, if
   * that is the end of one of its windows; null otherwise and for sessions.
   */
  TimeWindow windowWithMaxTimestamp(long maxTimestamp) {
    if (kind == Kind.SESSION || maxTimestamp == Long.MAX_VALUE) {
      return null;
    }
    long end = maxTimestamp + 1;
    long start = end - size;
    if (start > maxTimestamp || Math.floorMod(start - offset, slide) != 0) {
      return null; // no window ends there (or the subtraction wrapped)
    }
    return new TimeWindow(start, end);
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : r;
  }

  @Override
  public String toString() {
    return (eventTime ? "event-time " : "processing-time ")
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + " windows of "
        + size
        + " ms"
        + (kind == Kind.SLIDING ? " every " + slide + " ms" : "")
        + (offset != 0 ? " offset " + offset + " ms" : "");
  }
}
