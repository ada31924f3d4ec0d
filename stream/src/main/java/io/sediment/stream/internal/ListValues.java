package io.sediment.stream.internal;

import io.sediment.compaction.ListElementLength;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored layout of a list state: elements joined by one {@code ','} byte (Flink's list layout,
 * which the compaction library's list append writes), each element framed so that its bytes may
 * hold any value, the delimiter included:
 *
 * <pre>
 * element = [timestamp: 8, with TTL only][length: 4, big-endian][serialized value]
 * </pre>
 *
 * With TTL the timestamp comes first, where the compaction library's TTL filter reads it, and
 * {@link #ELEMENT_LENGTH} tells the filter where an element ends.
 */
public final class ListValues {

  /** The byte between two elements. */
  public static final byte DELIMITER = ',';

  /** Element lengths of the TTL layout, for the TTL compaction filter. */
  public static final ListElementLength ELEMENT_LENGTH =
      new ListElementLength() {
        @Override
        public String name() {
          return "stream.framed-ttl";
        }

        @Override
        public int length(byte[] list, int offset) {
          if (list.length - offset < Long.BYTES + Integer.BYTES) {
            return -1;
          }
          int payload = Bytes.readInt(list, offset + Long.BYTES);
          if (payload < 0 || payload > list.length - offset - Long.BYTES - Integer.BYTES) {
            return -1;
          }
          return Long.BYTES + Integer.BYTES + payload;
        }

        @Override
        public String toString() {
          return name();
        }
      };

  private ListValues() {}

  /** One element: {@code payload} framed, with {@code ts} first when {@code withTtl}. */
  public static byte[] element(boolean withTtl, long ts, byte[] payload) {
    int head = withTtl ? Long.BYTES : 0;
    byte[] out = new byte[head + Integer.BYTES + payload.length];
    if (withTtl) {
      Bytes.writeLong(out, 0, ts);
    }
    Bytes.writeInt(out, head, payload.length);
    System.arraycopy(payload, 0, out, head + Integer.BYTES, payload.length);
    return out;
  }

  /** Elements joined by the delimiter. */
  public static byte[] join(List<byte[]> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        out.write(DELIMITER);
      }
      out.writeBytes(elements.get(i));
    }
    return out.toByteArray();
  }

  /**
   * The payloads of a stored list, oldest first, without the expired elements when {@code ttlMillis
   * > 0}.
   *
   * @throws IllegalStateException naming the bytes when they are not a list of this layout
   */
  public static List<byte[]> payloads(byte[] stored, long ttlMillis, long now) {
    List<byte[]> out = new ArrayList<>();
    if (stored == null) {
      return out;
    }
    boolean withTtl = ttlMillis > 0;
    int head = withTtl ? Long.BYTES : 0;
    int at = 0;
    while (at < stored.length) {
      if (stored.length - at < head + Integer.BYTES) {
        throw malformed(stored, at);
      }
      int length = Bytes.readInt(stored, at + head);
      int start = at + head + Integer.BYTES;
      if (length < 0 || length > stored.length - start) {
        throw malformed(stored, at);
      }
      if (!withTtl || !TtlValues.expired(Bytes.readLong(stored, at), ttlMillis, now)) {
        out.add(Arrays.copyOfRange(stored, start, start + length));
      }
      at = start + length;
      if (at < stored.length) {
        if (stored[at] != DELIMITER) {
          throw malformed(stored, at);
        }
        at++;
        if (at == stored.length) {
          throw malformed(stored, at);
        }
      }
    }
    return out;
  }

  private static IllegalStateException malformed(byte[] stored, int at) {
    return new IllegalStateException(
        "stored list " + Bytes.hex(stored) + " is not framed elements at offset " + at);
  }
}
