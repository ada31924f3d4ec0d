package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroups;
import io.sediment.stream.ExecutionSettings;
import java.time.Clock;
import java.time.Duration;

/**
 * How a job runs: a plain value, changed with the {@code with...} methods.
 *
 * @param parallelism instances of the keyed operator (at least 1, at most {@code maxParallelism})
 * @param maxParallelism key groups of the job (fixed for the life of its checkpoints)
 * @param checkpointInterval time between checkpoint triggers; {@link Duration#ZERO} for none but
 *     the ones {@link LocalJob#triggerCheckpoint()} asks for and the final one at end of input
 * @param retainedCheckpoints completed checkpoints kept (at least 1); older ones are discarded
 * @param channelCapacity elements buffered between a source split and an instance (at least 1); a
 *     full channel stops the split
 * @param watermarkInterval records of a split between two of its watermarks (at least 1)
 * @param execution the execution controller's settings of each instance
 * @param clock the processing time of every instance ({@link
 *     OperatorContext#currentProcessingTime}, processing-time timers); the system clock by default,
 *     a manual one in tests
 */
public record RuntimeSettings(
    int parallelism,
    int maxParallelism,
    Duration checkpointInterval,
    int retainedCheckpoints,
    int channelCapacity,
    int watermarkInterval,
    ExecutionSettings execution,
    Clock clock) {

  /** The largest parallelism: a checkpoint id spreads over at most this many store checkpoints. */
  public static final int MAX_PARALLELISM = 1 << 15;

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the value that is out of range or null
   */
  public RuntimeSettings {
    KeyGroups.checkMaxParallelism(maxParallelism);
    if (parallelism < 1 || parallelism > maxParallelism || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "parallelism must be in [1, " + maxParallelism + "]: " + parallelism);
    }
    if (checkpointInterval == null || checkpointInterval.isNegative()) {
      throw new IllegalArgumentException(
          "checkpointInterval must not be null or negative: " + checkpointInterval);
    }
    if (retainedCheckpoints < 1) {
      throw new IllegalArgumentException(
          "retainedCheckpoints must be at least 1: " + retainedCheckpoints);
    }
    if (channelCapacity < 1) {
      throw new IllegalArgumentException("channelCapacity must be at least 1: " + channelCapacity);
    }
    if (watermarkInterval < 1) {
      throw new IllegalArgumentException(
          "watermarkInterval must be at least 1: " + watermarkInterval);
    }
    if (execution == null) {
      throw new IllegalArgumentException("execution settings must not be null");
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
  }

  /**
   * Settings on the system clock.
   *
   * @throws IllegalArgumentException naming the value that is out of range or null
   */
  public RuntimeSettings(
      int parallelism,
      int maxParallelism,
      Duration checkpointInterval,
      int retainedCheckpoints,
      int channelCapacity,
      int watermarkInterval,
      ExecutionSettings execution) {
    this(
        parallelism,
        maxParallelism,
        checkpointInterval,
        retainedCheckpoints,
        channelCapacity,
        watermarkInterval,
        execution,
        Clock.systemUTC());
  }

  /**
   * Parallelism 1 of 128 key groups, no periodic checkpoints, 3 retained, channels of 1024
   * elements, a watermark every 100 records, the controller's defaults, the system clock.
   */
  public static RuntimeSettings defaults() {
    return new RuntimeSettings(1, 128, Duration.ZERO, 3, 1024, 100, ExecutionSettings.defaults());
  }

  /** These settings with {@code parallelism} instances. */
  public RuntimeSettings withParallelism(int parallelism) {
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        checkpointInterval,
        retainedCheckpoints,
        channelCapacity,
        watermarkInterval,
        execution,
        clock);
  }

  /** These settings with {@code maxParallelism} key groups. */
  public RuntimeSettings withMaxParallelism(int maxParallelism) {
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        checkpointInterval,
        retainedCheckpoints,
        channelCapacity,
        watermarkInterval,
        execution,
        clock);
  }

  /** These settings with a checkpoint every {@code interval} (ZERO: none periodic). */
  public RuntimeSettings withCheckpointInterval(Duration interval) {
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        interval,
        retainedCheckpoints,
        channelCapacity,
        watermarkInterval,
        execution,
        clock);
  }

  /** These settings keeping {@code retained} completed checkpoints. */
  public RuntimeSettings withRetainedCheckpoints(int retained) {
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        checkpointInterval,
        retained,
        channelCapacity,
        watermarkInterval,
        execution,
        clock);
  }

  /** These settings with channels of {@code capacity} elements. */
  public RuntimeSettings withChannelCapacity(int capacity) {
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        checkpointInterval,
        retainedCheckpoints,
        capacity,
        watermarkInterval,
        execution,
        clock);
  }

  /** These settings with a watermark every {@code records} records of a split. */
  public RuntimeSettings withWatermarkInterval(int records) {
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        checkpointInterval,
        retainedCheckpoints,
        channelCapacity,
        records,
        execution,
        clock);
  }

  /** These settings with {@code execution} as each instance's controller settings. */
  public RuntimeSettings withExecution(ExecutionSettings execution) {
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        checkpointInterval,
        retainedCheckpoints,
        channelCapacity,
        watermarkInterval,
        execution,
        clock);
  }

  /**
   * These settings with processing time from {@code clock}.
   *
   * @throws IllegalArgumentException if {@code clock} is null
   */
  public RuntimeSettings withClock(Clock clock) {
    return new RuntimeSettings(
        parallelism,
        maxParallelism,
        checkpointInterval,
        retainedCheckpoints,
        channelCapacity,
        watermarkInterval,
        execution,
        clock);
  }
}
