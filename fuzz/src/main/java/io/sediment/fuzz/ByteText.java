package io.sediment.fuzz;

import java.io.ByteArrayOutputStream;

/**
 * The text form of byte strings in operation logs: a single-quoted literal in which printable ASCII
 * stands for itself and every other byte (and {@code '} and {@code \}) is written {@code \xNN},
 * optionally followed by {@code *N} for N repetitions of the literal.
 *
 * <p>Examples: {@code 'k\x00a'} is the three bytes {@code k 0x00 a}; {@code ''} is empty; {@code
 * 'ab'*3} is {@code ababab}. {@link #format} writes long periodic values (the large values the
 * generator makes) in the repeated form, so a log with 20 KiB values stays readable, and {@link
 * #parse} of a {@link #format}ted string always gives back the same bytes.
 */
public final class ByteText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Values at least this long are checked for a short period and written as {@code 'p'*N}. */
  private static final int REPEAT_MIN_LENGTH = 32;

  private static final int MAX_PERIOD = 64;

  /** Observations show values longer than this as a length and a digest. */
  private static final int DIGEST_OVER = 256;

  private ByteText() {}

  /** The quoted text form of {@code bytes}; "null" for null. */
  public static String format(byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    int period = bytes.length >= REPEAT_MIN_LENGTH ? period(bytes) : bytes.length;
    if (period < bytes.length) {
      return literal(bytes, 0, period) + "*" + (bytes.length / period);
    }
    return literal(bytes, 0, bytes.length);
  }

  /**
   * A compact form for observations: {@link #format} for short values, and for long ones their
   * length with a 64-bit digest, so histories with large values stay small but still differ when
   * any byte differs (up to a digest collision).
   */
  public static String summarize(byte[] bytes) {
    if (bytes == null || bytes.length <= DIGEST_OVER) {
      return format(bytes);
    }
    String f = format(bytes);
    if (f.length() <= DIGEST_OVER) {
      return f;
    }
    return "<" + bytes.length + " bytes #" + Long.toHexString(digest(bytes)) + ">";
  }

  /**
   * Parses one quoted literal (with optional {@code *N}) that makes up all of {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it is not a well-formed literal
   */
  public static byte[] parse(String text) {
    int[] end = new int[1];
    byte[] b = parse(text, 0, end);
    if (end[0] != text.length()) {
      throw new IllegalArgumentException("trailing characters after byte literal: " + text);
    }
    return b;
  }

  /**
   * Parses the literal starting at {@code start} (which must be a quote); stores the index just
   * past it (and past any {@code *N}) in {@code end[0]}.
   *
   * @throws IllegalArgumentException naming the text when the literal is not well formed
   */
  static byte[] parse(String text, int start, int[] end) {
    if (start >= text.length() || text.charAt(start) != '\'') {
      throw new IllegalArgumentException(
          "expected a quoted byte literal at " + start + ": " + text);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = start + 1;
    while (true) {
      if (i >= text.length()) {
        throw new IllegalArgumentException("unterminated byte literal: " + text);
      }
      char c = text.charAt(i);
      if (c == '\'') {
        i++;
        break;
      }
      if (c == '\\') {
        if (i + 1 >= text.length()) {
          throw new IllegalArgumentException("truncated escape at " + i + ": " + text);
        }
        if (text.charAt(i + 1) != 'x') {
          throw new IllegalArgumentException(
              "only \\xNN escapes are allowed, at " + i + ": " + text);
        }
        out.write((hex(text, i + 2) << 4) | hex(text, i + 3));
        i += 4;
      } else if (c >= 0x20 && c < 0x7F) {
        out.write(c);
        i++;
      } else {
        throw new IllegalArgumentException(
            "non-printable character " + (int) c + " at " + i + " in byte literal: " + text);
      }
    }
    byte[] unit = out.toByteArray();
    if (i < text.length() && text.charAt(i) == '*') {
      int j = i + 1;
      while (j < text.length() && Character.isDigit(text.charAt(j))) {
        j++;
      }
      if (j == i + 1 || j - i > 10) {
        throw new IllegalArgumentException("bad repeat count at " + i + ": " + text);
      }
      long n = Long.parseLong(text.substring(i + 1, j));
      if (n * unit.length > (64 << 20)) {
        throw new IllegalArgumentException("repeated literal longer than 64 MiB: " + text);
      }
      byte[] r = new byte[(int) (n * unit.length)];
      for (int k = 0; k < n; k++) {
        System.arraycopy(unit, 0, r, k * unit.length, unit.length);
      }
      unit = r;
      i = j;
    }
    end[0] = i;
    return unit;
  }

  private static int hex(String text, int i) {
    if (i >= text.length()) {
      throw new IllegalArgumentException("truncated escape at " + i + ": " + text);
    }
    int d = Character.digit(text.charAt(i), 16);
    if (d < 0) {
      throw new IllegalArgumentException("bad hex digit at " + i + ": " + text);
    }
    return d;
  }

  private static String literal(byte[] bytes, int offset, int length) {
    StringBuilder sb = new StringBuilder(length + 2).append('\'');
    for (int i = offset; i < offset + length; i++) {
      int b = bytes[i] & 0xFF;
      if (b >= 0x20 && b < 0x7F && b != '\\' && b != '\'') {
        sb.append((char) b);
      } else {
        sb.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xF]);
      }
    }
    return sb.append('\'').toString();
  }

  /** The smallest period p <= MAX_PERIOD dividing the length, or the length when there is none. */
  private static int period(byte[] b) {
    for (int p = 1; p <= MAX_PERIOD && p * 2 <= b.length; p++) {
      if (b.length % p != 0) {
        continue;
      }
      boolean periodic = true;
      for (int i = p; i < b.length && periodic; i++) {
        periodic = b[i] == b[i - p];
      }
      if (periodic) {
        return p;
      }
    }
    return b.length;
  }

  /** FNV-1a, 64 bits: stable across runs and JVMs. */
  static long digest(byte[] b) {
    long h = 0xcbf29ce484222325L;
    for (byte x : b) {
      h ^= x & 0xFF;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
