package io.sediment.stream;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of an {@link ExecutionController} that are plain values. Immutable, with value
 * equality, printable and parseable. The names and defaults are Flink's ({@code
 * execution.async-state.*}):
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code in-flight-records-limit}</td><td>6000</td><td>records admitted and not yet
 *       finished (running, waiting for state, or queued behind their key); at the limit the task
 *       thread stops taking input and runs the mailbox until a record finishes</td></tr>
 *   <tr><td>{@code buffer-size}</td><td>1000</td><td>state requests buffered before a batch is
 *       sent to the I/O thread</td></tr>
 *   <tr><td>{@code buffer-timeout}</td><td>PT1S</td><td>how long a non-empty buffer may wait for
 *       more requests before it is sent anyway (a buffer is also sent whenever the task thread
 *       would otherwise wait)</td></tr>
 *   <tr><td>{@code epoch-mode}</td><td>serial-between-epochs</td><td>{@link EpochMode}</td></tr>
 *   <tr><td>{@code execution-mode}</td><td>async</td><td>{@link ExecutionMode}</td></tr>
 *   <tr><td>{@code iterator-chunk-size}</td><td>128</td><td>map entries loaded per request while
 *       iterating</td></tr>
 * </table>
 *
 * <p>{@link #toString()} writes every key as {@code key=value} pairs separated by commas; {@link
 * #parse(String)} reads that form, or any subset of its keys (a missing key keeps its default).
 */
public final class ExecutionSettings {

  /** Flink's default of {@code execution.async-state.in-flight-records-limit}. */
  public static final int DEFAULT_IN_FLIGHT_RECORDS_LIMIT = 6000;

  /** Flink's default of {@code execution.async-state.buffer-size}. */
  public static final int DEFAULT_BUFFER_SIZE = 1000;

  /** Flink's default of {@code execution.async-state.buffer-timeout}. */
  public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofSeconds(1);

  /** Map entries loaded per request while iterating. */
  public static final int DEFAULT_ITERATOR_CHUNK_SIZE = 128;

  private static final ExecutionSettings DEFAULTS = new Builder().build();

  private final int inFlightRecordsLimit;
  private final int bufferSize;
  private final Duration bufferTimeout;
  private final EpochMode epochMode;
  private final ExecutionMode executionMode;
  private final int iteratorChunkSize;

  private ExecutionSettings(Builder b) {
    this.inFlightRecordsLimit = b.inFlightRecordsLimit;
    this.bufferSize = b.bufferSize;
    this.bufferTimeout = b.bufferTimeout;
    this.epochMode = b.epochMode;
    this.executionMode = b.executionMode;
    this.iteratorChunkSize = b.iteratorChunkSize;
  }

  /** Flink's defaults: asynchronous, serial between epochs, 6000 records, 1000 requests, 1 s. */
  public static ExecutionSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.inFlightRecordsLimit = inFlightRecordsLimit;
    b.bufferSize = bufferSize;
    b.bufferTimeout = bufferTimeout;
    b.epochMode = epochMode;
    b.executionMode = executionMode;
    b.iteratorChunkSize = iteratorChunkSize;
    return b;
  }

  /** Most records admitted and not finished at once. */
  public int inFlightRecordsLimit() {
    return inFlightRecordsLimit;
  }

  /** State requests per batch. */
  public int bufferSize() {
    return bufferSize;
  }

  /** Longest wait of a non-empty buffer. */
  public Duration bufferTimeout() {
    return bufferTimeout;
  }

  /** How consecutive epochs overlap. */
  public EpochMode epochMode() {
    return epochMode;
  }

  /** Asynchronous or inline state access. */
  public ExecutionMode executionMode() {
    return executionMode;
  }

  /** Map entries per iteration request. */
  public int iteratorChunkSize() {
    return iteratorChunkSize;
  }

  /**
   * Reads the text form: {@code key=value} pairs separated by commas, any subset of the keys.
   *
   * @throws IllegalArgumentException naming the text and the part at fault: not {@code key=value},
   *     an unknown or repeated key, a value that does not parse or is out of range
   */
  public static ExecutionSettings parse(String text) {
    Objects.requireNonNull(text, "text");
    Map<String, String> kv = new LinkedHashMap<>();
    if (!text.isBlank()) {
      for (String part : text.split(",", -1)) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "execution settings '" + text + "': '" + part + "' is not key=value");
        }
        if (kv.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim()) != null) {
          throw new IllegalArgumentException(
              "execution settings '" + text + "' repeat '" + part.substring(0, eq).trim() + "'");
        }
      }
    }
    Builder b = new Builder();
    try {
      for (Map.Entry<String, String> e : kv.entrySet()) {
        String v = e.getValue();
        switch (e.getKey()) {
          case "in-flight-records-limit" -> b.inFlightRecordsLimit(Integer.parseInt(v));
          case "buffer-size" -> b.bufferSize(Integer.parseInt(v));
          case "buffer-timeout" -> b.bufferTimeout(Duration.parse(v));
          case "epoch-mode" -> b.epochMode(EpochMode.valueOf(enumName(v)));
          case "execution-mode" -> b.executionMode(ExecutionMode.valueOf(enumName(v)));
          case "iterator-chunk-size" -> b.iteratorChunkSize(Integer.parseInt(v));
          default -> throw new IllegalArgumentException("unknown key '" + e.getKey() + "'");
        }
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("execution settings '" + text + "': " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("execution settings '" + text + "': " + e.getMessage(), e);
    }
    return b.build();
  }

  private static String enumName(String text) {
    return text.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static String text(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return "in-flight-records-limit="
        + inFlightRecordsLimit
        + ",buffer-size="
        + bufferSize
        + ",buffer-timeout="
        + bufferTimeout
        + ",epoch-mode="
        + text(epochMode)
        + ",execution-mode="
        + text(executionMode)
        + ",iterator-chunk-size="
        + iteratorChunkSize;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExecutionSettings s && toString().equals(s.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** Changes settings one at a time; each setter checks its value. */
  public static final class Builder {
    private int inFlightRecordsLimit = DEFAULT_IN_FLIGHT_RECORDS_LIMIT;
    private int bufferSize = DEFAULT_BUFFER_SIZE;
    private Duration bufferTimeout = DEFAULT_BUFFER_TIMEOUT;
    private EpochMode epochMode = EpochMode.SERIAL_BETWEEN_EPOCHS;
    private ExecutionMode executionMode = ExecutionMode.ASYNC;
    private int iteratorChunkSize = DEFAULT_ITERATOR_CHUNK_SIZE;

    private Builder() {}

    /**
     * @throws IllegalArgumentException naming the value unless it is at least 1
     */
    public Builder inFlightRecordsLimit(int records) {
      this.inFlightRecordsLimit = positive("in-flight-records-limit", records);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the value unless it is at least 1
     */
    public Builder bufferSize(int requests) {
      this.bufferSize = positive("buffer-size", requests);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the value if it is null, zero or negative
     */
    public Builder bufferTimeout(Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("buffer-timeout must be positive: " + timeout);
      }
      this.bufferTimeout = timeout;
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code mode} is null
     */
    public Builder epochMode(EpochMode mode) {
      if (mode == null) {
        throw new IllegalArgumentException("epoch-mode must not be null");
      }
      this.epochMode = mode;
      return this;
    }

    /**
     * @throws IllegalArgumentException if {@code mode} is null
     */
    public Builder executionMode(ExecutionMode mode) {
      if (mode == null) {
        throw new IllegalArgumentException("execution-mode must not be null");
      }
      this.executionMode = mode;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the value unless it is at least 1
     */
    public Builder iteratorChunkSize(int entries) {
      this.iteratorChunkSize = positive("iterator-chunk-size", entries);
      return this;
    }

    /** The settings. */
    public ExecutionSettings build() {
      return new ExecutionSettings(this);
    }

    private static int positive(String key, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(key + " must be at least 1: " + value);
      }
      return value;
    }
  }
}
