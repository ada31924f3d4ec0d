package io.sediment.lsm.internal;

import java.util.Locale;

/** Byte counts and rates in the short, human form that log lines use. */
public final class Sizes {

  private Sizes() {}

  /** {@code bytes} as B, KiB, MiB or GiB with one decimal, e.g. {@code 12.3 MiB}. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Milliseconds between two {@link System#nanoTime()}-style readings. */
  public static long millis(long startNanos, long endNanos) {
    return Math.max(0, (endNanos - startNanos) / 1_000_000);
  }

  /** {@code bytes} moved in {@code nanos}, in MB/s (10^6 bytes), one decimal. */
  public static String mbPerSecond(long bytes, long nanos) {
    if (nanos <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f MB/s", bytes * 1000.0 / nanos);
  }
}
