package io.sediment.tool;

/** Human-readable byte counts and durations for the tool's output. */
final class Units {

  private Units() {}

  /** {@code bytes} as "512 B", "1.5 KiB", "12.0 MiB", "3.2 GiB". */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }

  /** Nanoseconds as microseconds or milliseconds, e.g. "12.3 us", "4.56 ms". */
  static String nanos(long nanos) {
    if (nanos < 1_000_000) {
      return String.format("%.1f us", nanos / 1e3);
    }
    return String.format("%.2f ms", nanos / 1e6);
  }
}
