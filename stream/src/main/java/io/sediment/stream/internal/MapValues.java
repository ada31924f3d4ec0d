package io.sediment.stream.internal;

import java.util.Arrays;

/**
 * The stored layout of one map-state entry's value, Flink's: a null flag byte (1 when the user
 * value is null), then with TTL the 8-byte write timestamp (where the compaction library's map TTL
 * layout reads it, offset 1), then the serialized value (absent when null).
 */
public final class MapValues {

  private MapValues() {}

  /** The stored form of {@code payload} (null for a null user value). */
  public static byte[] encode(boolean withTtl, long ts, byte[] payload) {
    int head = 1 + (withTtl ? Long.BYTES : 0);
    byte[] out = new byte[head + (payload == null ? 0 : payload.length)];
    out[0] = (byte) (payload == null ? 1 : 0);
    if (withTtl) {
      Bytes.writeLong(out, 1, ts);
    }
    if (payload != null) {
      System.arraycopy(payload, 0, out, head, payload.length);
    }
    return out;
  }

  /** Whether a stored entry is present and live at {@code now}. */
  public static boolean live(byte[] stored, long ttlMillis, long now) {
    if (stored == null) {
      return false;
    }
    if (ttlMillis <= 0) {
      return true;
    }
    if (stored.length < 1 + Long.BYTES) {
      throw malformed(stored);
    }
    return !TtlValues.expired(Bytes.readLong(stored, 1), ttlMillis, now);
  }

  /**
   * The user value's bytes of a live stored entry; null for a null user value.
   *
   * @throws IllegalStateException naming the bytes when they are not an entry of this layout
   */
  public static byte[] payload(byte[] stored, long ttlMillis) {
    int head = 1 + (ttlMillis > 0 ? Long.BYTES : 0);
    if (stored.length < head || stored[0] > 1 || stored[0] < 0) {
      throw malformed(stored);
    }
    return stored[0] == 1 ? null : Arrays.copyOfRange(stored, head, stored.length);
  }

  private static IllegalStateException malformed(byte[] stored) {
    return new IllegalStateException("stored map entry " + Bytes.hex(stored) + " is malformed");
  }
}
