package io.sediment.fs.wrap;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * The cost the {@link LatencyFileSystem} charges: a fixed latency per operation kind plus a
 * per-byte cost for bytes read and written (a bandwidth). Immutable.
 *
 * <p>Configuration keys (for selection by URI): {@code sediment.fs.latency.default} (applies to
 * every kind without its own key), {@code sediment.fs.latency.<kind>} with the kind as in {@link
 * FsOp#configName()} (e.g. {@code sediment.fs.latency.get-file-status}), both durations such as
 * {@code 5ms} or {@code 800us} (a bare number means microseconds), and {@code
 * sediment.fs.latency.bytes-per-second} (0 or absent: bytes cost nothing).
 */
public final class LatencyModel {

  /** Prefix of every latency configuration key. */
  public static final String KEY_PREFIX = "sediment.fs.latency.";

  /** Key of the latency of every kind without its own key. */
  public static final String DEFAULT_KEY = KEY_PREFIX + "default";

  /** Key of the bandwidth in bytes per second. */
  public static final String BANDWIDTH_KEY = KEY_PREFIX + "bytes-per-second";

  private final Map<FsOp, Long> nanosPerOp;
  private final long bytesPerSecond;

  private LatencyModel(Map<FsOp, Long> nanosPerOp, long bytesPerSecond) {
    this.nanosPerOp = Collections.unmodifiableMap(nanosPerOp);
    this.bytesPerSecond = bytesPerSecond;
  }

  /** No latency at all. */
  public static LatencyModel none() {
    return new LatencyModel(new EnumMap<>(FsOp.class), 0);
  }

  /** The same latency for every operation kind, no per-byte cost. */
  public static LatencyModel uniform(Duration perOp) {
    LatencyModel model = none();
    for (FsOp op : FsOp.values()) {
      model = model.withOp(op, perOp);
    }
    return model;
  }

  /**
   * Reads the model from the keys described in the class comment.
   *
   * @throws IllegalArgumentException naming the key if a value is negative or malformed
   */
  public static LatencyModel fromConfiguration(Configuration conf) {
    LatencyModel model = none();
    long fallback = durationNanos(conf, DEFAULT_KEY, 0);
    for (FsOp op : FsOp.values()) {
      long nanos = durationNanos(conf, KEY_PREFIX + op.configName(), fallback);
      model = model.withOp(op, Duration.ofNanos(nanos));
    }
    long bandwidth;
    try {
      bandwidth = conf.getLong(BANDWIDTH_KEY, 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          BANDWIDTH_KEY + " is not a number: '" + conf.get(BANDWIDTH_KEY) + "'", e);
    }
    return model.withBandwidth(bandwidth);
  }

  private static long durationNanos(Configuration conf, String key, long defaultNanos) {
    if (conf.get(key) == null) {
      return defaultNanos;
    }
    long nanos;
    try {
      nanos = conf.getTimeDuration(key, 0, TimeUnit.MICROSECONDS, TimeUnit.NANOSECONDS);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a duration: '" + conf.get(key) + "'", e);
    }
    if (nanos < 0) {
      throw new IllegalArgumentException(key + " must not be negative: '" + conf.get(key) + "'");
    }
    return nanos;
  }

  /**
   * This model with {@code latency} for operations of kind {@code op}.
   *
   * @throws IllegalArgumentException if the latency is negative
   */
  public LatencyModel withOp(FsOp op, Duration latency) {
    if (op == null || latency == null || latency.isNegative()) {
      throw new IllegalArgumentException("latency of " + op + " must be >= 0: " + latency);
    }
    Map<FsOp, Long> copy = new EnumMap<>(FsOp.class);
    copy.putAll(nanosPerOp);
    copy.put(op, latency.toNanos());
    return new LatencyModel(copy, bytesPerSecond);
  }

  /**
   * This model with a bandwidth of {@code bytesPerSecond} (0: bytes cost nothing).
   *
   * @throws IllegalArgumentException if it is negative
   */
  public LatencyModel withBandwidth(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bandwidth must be >= 0 bytes/s: " + bytesPerSecond);
    }
    Map<FsOp, Long> copy = new EnumMap<>(FsOp.class);
    copy.putAll(nanosPerOp);
    return new LatencyModel(copy, bytesPerSecond);
  }

  /** Fixed latency of one operation of kind {@code op}, in nanoseconds. */
  public long opNanos(FsOp op) {
    return nanosPerOp.getOrDefault(op, 0L);
  }

  /** Bandwidth in bytes per second; 0 means unlimited. */
  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  /**
   * Time to move {@code bytes} bytes at the configured bandwidth, in nanoseconds (rounded down).
   */
  public long transferNanos(long bytes) {
    if (bytesPerSecond == 0 || bytes <= 0) {
      return 0;
    }
    // Exact for any single transfer up to about 9 GB; larger ones saturate.
    if (bytes > Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    return bytes * 1_000_000_000L / bytesPerSecond;
  }

  @Override
  public String toString() {
    return "LatencyModel" + nanosPerOp + " ns/op, " + bytesPerSecond + " B/s";
  }
}
