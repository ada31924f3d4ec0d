package io.sediment.nexmark;

import io.sediment.stream.runtime.WatermarkStrategy;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * The parameters of the queries, Nexmark's by default.
 *
 * @param outOfOrdernessMs how far events may be out of order (the generator's bound): the watermark
 *     trails the largest event time read by this much ({@link #watermarks()}), so no event is late
 * @param tumbleMs the tumbling window of q7 and q8 (10 s)
 * @param hopSizeMs the sliding window of q5 (10 s)
 * @param hopSlideMs how often q5's window starts (2 s); divides {@code hopSizeMs}
 * @param q2Modulo q2 keeps bids whose auction id is a multiple of it (123)
 * @param q12WindowMs q12's processing-time window (10 s)
 * @param processingTime for q12's reference: the time the runtime's clock shows when q12's operator
 *     processes a bid (the job itself reads the clock)
 */
public record QueryConfig(
    long outOfOrdernessMs,
    long tumbleMs,
    long hopSizeMs,
    long hopSlideMs,
    long q2Modulo,
    long q12WindowMs,
    ToLongFunction<Bid> processingTime) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming a value out of range
   */
  public QueryConfig {
    if (outOfOrdernessMs < 0) {
      throw new IllegalArgumentException(
          "outOfOrdernessMs must not be negative: " + outOfOrdernessMs);
    }
    if (tumbleMs < 1 || q12WindowMs < 1 || q2Modulo < 1) {
      throw new IllegalArgumentException(
          "tumbleMs, q12WindowMs and q2Modulo must be positive: "
              + tumbleMs
              + ", "
              + q12WindowMs
              + ", "
              + q2Modulo);
    }
    if (hopSlideMs < 1 || hopSizeMs < hopSlideMs || hopSizeMs % hopSlideMs != 0) {
      throw new IllegalArgumentException(
          "hopSizeMs must be a positive multiple of hopSlideMs: " + hopSizeMs + ", " + hopSlideMs);
    }
    if (processingTime == null) {
      throw new IllegalArgumentException("processingTime must not be null");
    }
  }

  /**
   * Nexmark's parameters for events out of order by up to {@code outOfOrdernessMs}, q12 on {@code
   * clock}.
   */
  public static QueryConfig defaults(long outOfOrdernessMs, Clock clock) {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    return new QueryConfig(
        outOfOrdernessMs, 10_000, 10_000, 2_000, 123, 10_000, b -> clock.millis());
  }

  /** This configuration with q12's processing time of a bid given by {@code processingTime}. */
  public QueryConfig withProcessingTime(ToLongFunction<Bid> processingTime) {
    return new QueryConfig(
        outOfOrdernessMs, tumbleMs, hopSizeMs, hopSlideMs, q2Modulo, q12WindowMs, processingTime);
  }

  /**
   * This configuration with windows of {@code tumbleMs} (q7, q8) and {@code hopSizeMs} every {@code
   * hopSlideMs} (q5).
   */
  public QueryConfig withWindows(long tumbleMs, long hopSizeMs, long hopSlideMs) {
    return new QueryConfig(
        outOfOrdernessMs, tumbleMs, hopSizeMs, hopSlideMs, q2Modulo, q12WindowMs, processingTime);
  }

  /**
   * The watermarks of the queries' sources: {@link WatermarkStrategy#boundedOutOfOrderness} of
   * {@code outOfOrdernessMs}, the generator's bound, so that no event is late; events keep their
   * own time ({@link Event#dateTime()}) as timestamp.
   */
  public WatermarkStrategy watermarks() {
    return WatermarkStrategy.boundedOutOfOrderness(Duration.ofMillis(outOfOrdernessMs));
  }
}
