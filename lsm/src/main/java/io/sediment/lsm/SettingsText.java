package io.sediment.lsm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-line text form of settings: {@code key=value} pairs separated by commas. Values are
 * escaped so that any value fits on one line and splits unambiguously: {@code %}, {@code ,}, {@code
 * =}, whitespace and control characters are written as {@code %XX}, one per UTF-8 byte (a path
 * {@code /tmp/a b} is written {@code /tmp/a%20b}). Everything else is written as is.
 */
final class SettingsText {

  private SettingsText() {}

  /** {@code value} with every character that could break the line or the split escaped. */
  static String escape(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (needsEscape(cp)) {
        for (byte b : value.substring(i, next).getBytes(StandardCharsets.UTF_8)) {
          sb.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
        }
      } else {
        sb.appendCodePoint(cp);
      }
      i = next;
    }
    return sb.toString();
  }

  private static final String HEX = "0123456789ABCDEF";

  private static boolean needsEscape(int cp) {
    int type = Character.getType(cp);
    return cp == '%'
        || cp == ','
        || cp == '='
        || Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.UNASSIGNED;
  }

  /**
   * The text written by {@link #escape}.
   *
   * @throws IllegalArgumentException naming {@code key} and the text when a {@code %} is not
   *     followed by two hex digits or the escaped bytes are not UTF-8
   */
  static String unescape(String key, String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        decodeInto(out, pending, key, text);
        out.append(c);
        continue;
      }
      int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(
            "setting " + key + ": bad escape at index " + i + " of '" + text + "'");
      }
      pending.write(hi << 4 | lo);
      i += 2;
    }
    decodeInto(out, pending, key, text);
    return out.toString();
  }

  private static void decodeInto(
      StringBuilder out, ByteArrayOutputStream pending, String key, String text) {
    if (pending.size() == 0) {
      return;
    }
    try {
      out.append(
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(pending.toByteArray())));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "setting " + key + ": escapes of '" + text + "' are not UTF-8", e);
    }
    pending.reset();
  }

  /**
   * The pairs of {@code text} in order, keys and values stripped of surrounding spaces, values
   * still escaped. An empty or blank text has no pairs; a trailing comma is allowed.
   *
   * @throws IllegalArgumentException naming the pair when it has no {@code =} or an empty key, or
   *     the key when it is given twice
   */
  static Map<String, String> split(String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (text.isBlank()) {
      return pairs;
    }
    String[] parts = text.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      if (part.isEmpty() && i == parts.length - 1) {
        break;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "expected key=value, got '" + part + "' in settings '" + text + "'");
      }
      String key = part.substring(0, eq).strip();
      if (pairs.put(key, part.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException(
            "setting " + key + " given twice in settings '" + text + "'");
      }
    }
    return pairs;
  }
}
