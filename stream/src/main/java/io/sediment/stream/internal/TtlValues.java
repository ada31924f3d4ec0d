package io.sediment.stream.internal;

import java.util.Arrays;

/**
 * Flink's TTL layout of a stored value: an 8-byte big-endian timestamp in milliseconds (when the
 * value was written) before the user bytes; expired when {@code ts + ttl <= now}, the sum
 * saturating at {@link Long#MAX_VALUE} (as the compaction library's TTL filter judges it).
 */
public final class TtlValues {

  private TtlValues() {}

  /** {@code ts} followed by {@code payload}. */
  public static byte[] wrap(long ts, byte[] payload) {
    byte[] out = new byte[Long.BYTES + payload.length];
    Bytes.writeLong(out, 0, ts);
    System.arraycopy(payload, 0, out, Long.BYTES, payload.length);
    return out;
  }

  /** The bytes after the timestamp. */
  public static byte[] payload(byte[] stored) {
    return Arrays.copyOfRange(stored, Long.BYTES, stored.length);
  }

  /** Whether a value written at {@code ts} has expired at {@code now}. */
  public static boolean expired(long ts, long ttlMillis, long now) {
    long expiresAt = ts > 0 && ttlMillis > Long.MAX_VALUE - ts ? Long.MAX_VALUE : ts + ttlMillis;
    return expiresAt <= now;
  }

  /**
   * The user bytes of {@code stored} if it is live at {@code now}; null if it is absent, expired,
   * or too short to hold a timestamp.
   */
  public static byte[] liveOrNull(byte[] stored, long ttlMillis, long now) {
    if (stored == null || stored.length < Long.BYTES) {
      return null;
    }
    return expired(Bytes.readLong(stored, 0), ttlMillis, now) ? null : payload(stored);
  }
}
