package io.sediment.fuzz.crash;

import io.sediment.fuzz.ByteText;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Compares everything a store answers with an expected state: a forward scan and a reverse scan of
 * the whole store must list exactly the expected entries, and a point read of every expected key
 * and of every probe key (keys the workload named, which must be absent unless expected) must
 * return the expected value. Reports at most {@link #MAX_REPORTED} differences.
 */
public final class StateCheck {

  static final int MAX_REPORTED = 10;

  private StateCheck() {}

  /**
   * The differences between {@code db} and {@code expected}; empty when they agree.
   *
   * @throws IOException if the store cannot be read
   */
  public static List<String> differences(
      Db db, NavigableMap<byte[], byte[]> expected, Collection<byte[]> probes) throws IOException {
    List<String> diffs = new ArrayList<>();
    scan(db, expected, false, diffs);
    scan(db, expected.descendingMap(), true, diffs);
    for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
      compareGet(db, e.getKey(), e.getValue(), diffs);
    }
    for (byte[] k : probes) {
      compareGet(db, k, expected.get(k), diffs);
    }
    return diffs.size() > MAX_REPORTED ? diffs.subList(0, MAX_REPORTED) : diffs;
  }

  /** Everything a forward scan of {@code db} returns. */
  public static NavigableMap<byte[], byte[]> contents(Db db) throws IOException {
    NavigableMap<byte[], byte[]> m = new TreeMap<>(Arrays::compareUnsigned);
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        m.put(it.key(), it.value());
      }
    }
    return m;
  }

  /** Whether two states hold the same keys with the same values. */
  public static boolean sameEntries(
      NavigableMap<byte[], byte[]> a, NavigableMap<byte[], byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Iterator<Map.Entry<byte[], byte[]>> x = a.entrySet().iterator();
    Iterator<Map.Entry<byte[], byte[]>> y = b.entrySet().iterator();
    while (x.hasNext()) {
      Map.Entry<byte[], byte[]> e = x.next();
      Map.Entry<byte[], byte[]> f = y.next();
      if (!Arrays.equals(e.getKey(), f.getKey()) || !Arrays.equals(e.getValue(), f.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static void scan(
      Db db, NavigableMap<byte[], byte[]> expected, boolean reverse, List<String> diffs)
      throws IOException {
    String dir = reverse ? "reverse scan" : "scan";
    Iterator<Map.Entry<byte[], byte[]>> want = expected.entrySet().iterator();
    try (DbIterator it = db.newIterator()) {
      if (reverse) {
        it.seekToLast();
      } else {
        it.seekToFirst();
      }
      long position = 0;
      for (; it.isValid(); position++) {
        if (!want.hasNext()) {
          diffs.add(dir + " #" + position + ": unexpected " + entry(it.key(), it.value()));
          return;
        }
        Map.Entry<byte[], byte[]> e = want.next();
        if (!Arrays.equals(e.getKey(), it.key()) || !Arrays.equals(e.getValue(), it.value())) {
          diffs.add(
              dir
                  + " #"
                  + position
                  + ": expected "
                  + entry(e.getKey(), e.getValue())
                  + ", got "
                  + entry(it.key(), it.value()));
          return;
        }
        if (reverse) {
          it.prev();
        } else {
          it.next();
        }
      }
      if (want.hasNext()) {
        Map.Entry<byte[], byte[]> e = want.next();
        diffs.add(dir + " ended at #" + position + ", expected " + entry(e.getKey(), e.getValue()));
      }
    }
  }

  private static void compareGet(Db db, byte[] key, byte[] want, List<String> diffs)
      throws IOException {
    if (diffs.size() > MAX_REPORTED) {
      return;
    }
    byte[] got = db.get(key);
    if (!Arrays.equals(want, got)) {
      diffs.add(
          "get "
              + ByteText.format(key)
              + ": expected "
              + ByteText.summarize(want)
              + ", got "
              + ByteText.summarize(got));
    }
  }

  private static String entry(byte[] key, byte[] value) {
    return ByteText.format(key) + "=" + ByteText.summarize(value);
  }
}
