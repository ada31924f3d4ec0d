package io.sediment.lsm.internal;

/** Small helpers for byte arrays that the JDK lacks. */
public final class Bytes {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Bytes() {}

  /** Printable ASCII as is, everything else as {@code \xNN}; for messages and dumps. */
  public static String toDisplay(byte[] bytes, int offset, int length) {
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

  /** As {@link #toDisplay(byte[], int, int)} for a whole array; "null" for null. */
  public static String toDisplay(byte[] bytes) {
    return bytes == null ? "null" : toDisplay(bytes, 0, bytes.length);
  }
}
