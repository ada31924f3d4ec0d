package io.sediment.nexmark;

import java.util.ArrayList;
import java.util.List;

/** Helpers for the comma-separated output rows. */
final class Rows {

  private Rows() {}

  /** The bid of a row written by {@link Bid#toRow()}, from field {@code from} on. */
  static Bid bid(String[] f, int from) {
    return new Bid(
        Long.parseLong(f[from]),
        Long.parseLong(f[from + 1]),
        Long.parseLong(f[from + 2]),
        f[from + 3],
        f[from + 4],
        Long.parseLong(f[from + 5]),
        f[from + 6]);
  }

  /** The fields of a row (empty fields kept). */
  static String[] fields(String row) {
    return row.split(",", -1);
  }

  /** A sorted copy. */
  static List<String> sorted(List<String> rows) {
    List<String> out = new ArrayList<>(rows);
    out.sort(null);
    return out;
  }

  /** The start of the tumbling window of {@code size} that holds {@code time}. */
  static long tumbleStart(long time, long size) {
    return Math.floorDiv(time, size) * size;
  }
}
