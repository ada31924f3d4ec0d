package io.sediment.compaction;

import io.sediment.lsm.CompactionFilter;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drops expired Flink state during compaction, with Flink's state-TTL semantics and byte layout
 * (what Flink's RocksDB compaction filter does). Every value starts (at the {@link
 * TtlStateLayout}'s offset) with an 8-byte big-endian timestamp {@code t} in milliseconds; it is
 * expired when {@code t + ttl <= now}, the sum saturating at {@link Long#MAX_VALUE}.
 *
 * <ul>
 *   <li>{@link TtlStateLayout#VALUE} and {@link TtlStateLayout#MAP}: an expired value is removed; a
 *       live one is kept.
 *   <li>{@link TtlStateLayout#LIST}: elements (joined by one {@code ','} byte) are appended in time
 *       order, so the expired ones are a prefix. The filter walks elements from the head with the
 *       configured {@link ListElementLength}, drops the expired prefix (the value becomes the bytes
 *       from the first live element on), and removes the key when every element expired.
 * </ul>
 *
 * <p>Malformed values are never dropped: a value too short to hold a timestamp at its offset is
 * kept unchanged; in a list, an element whose timestamp or length cannot be read, or that is not
 * followed by the delimiter, ends the walk, and the value is kept from that element on.
 *
 * <p>Time comes from the injected {@link Clock}, read on the first entry and again after every
 * {@link TtlConfig#queryTimeAfterNumEntries()} entries (counted over every compaction this instance
 * serves), as Flink's filter does to keep clock reads off the per-entry path; an entry may
 * therefore be judged by a time up to that many entries old.
 *
 * <p>What it guarantees: it bounds how long expired state stays on disk (until a compaction reaches
 * it), no more. Reads are not filtered here: hiding expired values from reads is the state layer's
 * job (Flink checks the timestamp on every access). Thread-safe; one instance serves concurrent
 * compactions. Its {@link #name()} and {@link #configText()} let a remote compaction worker build
 * the same filter ({@link CompactionFilters#byName}).
 */
public final class TtlCompactionFilter implements CompactionFilter {

  /** The name of every TTL filter; the configuration tells them apart. */
  public static final String NAME = "sediment.ttl";

  private static final byte DELIMITER = ',';
  private static final long NOT_READ = Long.MIN_VALUE;

  private final TtlConfig config;
  private final Clock clock;
  private final AtomicLong entries = new AtomicLong();
  private volatile long now = NOT_READ;

  private TtlCompactionFilter(TtlConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A filter doing what {@code config} says, with time from {@code clock}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static TtlCompactionFilter create(TtlConfig config, Clock clock) {
    return new TtlCompactionFilter(config, clock);
  }

  /**
   * A filter from its text configuration ({@link TtlConfig#parse}).
   *
   * @param customLengths list element lengths other than {@code fixed:N}, by name (may be empty)
   * @throws IllegalArgumentException naming the text when it is not a valid configuration
   */
  public static TtlCompactionFilter fromText(
      String configText, Clock clock, Map<String, ListElementLength> customLengths) {
    return create(TtlConfig.parse(configText, customLengths), clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The configuration. */
  public TtlConfig config() {
    return config;
  }

  /** The configuration's text form, which {@link #fromText} reads back. */
  @Override
  public String configText() {
    return config.toText();
  }

  @Override
  public Result filter(int level, byte[] userKey, byte[] value) {
    long currentTime = currentTime();
    int offset = config.layout().timestampOffset();
    if (value.length < offset + Long.BYTES) {
      return Result.keep();
    }
    if (config.layout() != TtlStateLayout.LIST) {
      return expired(value, offset, currentTime) ? Result.remove() : Result.keep();
    }
    int live = firstLiveElement(value, currentTime);
    if (live == 0) {
      return Result.keep();
    }
    if (live >= value.length) {
      return Result.remove();
    }
    return Result.changeValue(Arrays.copyOfRange(value, live, value.length));
  }

  /** Where the first element to keep starts: value.length when all expired. */
  private int firstLiveElement(byte[] value, long currentTime) {
    int at = 0;
    ListElementLength lengths = config.elementLength();
    while (at < value.length) {
      if (value.length - at < Long.BYTES || !expired(value, at, currentTime)) {
        return at;
      }
      int length = lengths.length(value, at);
      if (length < Long.BYTES || length > value.length - at) {
        return at;
      }
      int next = at + length;
      if (next == value.length) {
        return next;
      }
      if (value[next] != DELIMITER) {
        return at;
      }
      at = next + 1;
    }
    return at;
  }

  private boolean expired(byte[] value, int at, long currentTime) {
    long timestamp = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      timestamp = (timestamp << 8) | (value[at + i] & 0xFF);
    }
    long ttl = config.ttlMillis();
    long expiresAt =
        timestamp > 0 && ttl > Long.MAX_VALUE - timestamp ? Long.MAX_VALUE : timestamp + ttl;
    return expiresAt <= currentTime;
  }

  private long currentTime() {
    long n = entries.getAndIncrement();
    long t = now;
    if (t == NOT_READ || n % config.queryTimeAfterNumEntries() == 0) {
      t = clock.millis();
      now = t;
    }
    return t;
  }

  @Override
  public String toString() {
    return NAME + "[" + configText() + "]";
  }
}
