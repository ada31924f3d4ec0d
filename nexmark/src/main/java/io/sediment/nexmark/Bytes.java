package io.sediment.nexmark;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The compact encoding of the event serializers: longs as zig-zag variable-length integers (ids,
 * prices and times take 1 to 6 bytes instead of 8), strings as a length and UTF-8 bytes.
 */
final class Bytes {

  private Bytes() {}

  /** Appends values to a growing buffer. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    Writer varLong(long value) {
      long v = (value << 1) ^ (value >> 63);
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    Writer string(String value) {
      byte[] b = value.getBytes(StandardCharsets.UTF_8);
      varLong(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    Writer bytes(byte[] value) {
      varLong(value.length);
      out.write(value, 0, value.length);
      return this;
    }

    Writer tag(int tag) {
      out.write(tag);
      return this;
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }

  /** Reads values back in the order they were written. */
  static final class Reader {
    private final byte[] in;
    private int pos;

    Reader(byte[] in) {
      this.in = in;
    }

    long varLong() {
      long v = 0;
      int shift = 0;
      while (true) {
        if (pos >= in.length || shift > 63) {
          throw new IllegalArgumentException("truncated or malformed number at byte " + pos);
        }
        int b = in[pos++] & 0xFF;
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
      }
      return (v >>> 1) ^ -(v & 1);
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    byte[] bytes() {
      long n = varLong();
      if (n < 0 || n > in.length - pos) {
        throw new IllegalArgumentException("a length of " + n + " at byte " + pos + " overruns");
      }
      byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + (int) n);
      pos += (int) n;
      return b;
    }

    int tag() {
      if (pos >= in.length) {
        throw new IllegalArgumentException("no tag at byte " + pos);
      }
      return in[pos++] & 0xFF;
    }

    /**
     * Checks that every byte was read.
     *
     * @throws IllegalArgumentException if bytes are left
     */
    void end() {
      if (pos != in.length) {
        throw new IllegalArgumentException((in.length - pos) + " trailing bytes");
      }
    }
  }
}
