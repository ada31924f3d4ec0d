package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * The expected state of a keyed job's stores: one sorted map of every key-group-prefixed key,
 * whatever store holds it. Keys and values are kept as ISO-8859-1 strings, whose order is the
 * stores' unsigned byte order. Writes go to a store and to the model; {@link #check} compares a
 * store with the model restricted to the store's key groups.
 */
final class KeyGroupModel {

  private final int maxParallelism;
  private final KeyGroupPrefix prefix;
  private final TreeMap<String, String> entries = new TreeMap<>();
  private final int userKeys;

  KeyGroupModel(int maxParallelism, int userKeys) {
    this.maxParallelism = maxParallelism;
    this.prefix = KeyGroupPrefix.forMaxParallelism(maxParallelism);
    this.userKeys = userKeys;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** The store key of user key {@code u}: the prefix of its key group, then the user key. */
  byte[] key(int u) {
    String user = String.format("u%05d", u);
    int group = KeyGroups.assign(user.hashCode(), maxParallelism);
    return prefix.prepend(group, user.getBytes(StandardCharsets.US_ASCII));
  }

  int keyGroup(byte[] key) {
    return prefix.read(key);
  }

  /** A random user key whose key group lies in {@code range}. */
  byte[] keyIn(KeyGroupRange range, Random rnd) {
    while (true) {
      byte[] k = key(rnd.nextInt(userKeys));
      if (range.contains(keyGroup(k))) {
        return k;
      }
    }
  }

  /** Applies {@code n} random puts, merges, deletes and range deletions to {@code db} and here. */
  void randomWrites(Db db, KeyGroupRange range, Random rnd, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      int op = rnd.nextInt(100);
      byte[] k = keyIn(range, rnd);
      if (op < 55) {
        String v = "v" + rnd.nextInt(1_000_000) + "-".repeat(rnd.nextInt(60));
        db.put(k, bytes(v));
        entries.put(text(k), v);
      } else if (op < 80) {
        String operand = "m" + rnd.nextInt(1000);
        db.merge(k, bytes(operand));
        entries.merge(text(k), operand, (old, add) -> old + "," + add);
      } else if (op < 96) {
        db.delete(k);
        entries.remove(text(k));
      } else {
        byte[] end;
        if (rnd.nextInt(4) == 0) {
          end = prefix.upperBound(range); // to the end of the range
        } else {
          end = keyIn(range, rnd);
        }
        if (text(k).compareTo(text(end)) >= 0) {
          continue;
        }
        db.deleteRange(k, end);
        entries.subMap(text(k), true, text(end), false).clear();
      }
    }
  }

  /** The model's entries in {@code range}. */
  NavigableMap<String, String> restricted(KeyGroupRange range) {
    return new TreeMap<>(
        entries.subMap(
            text(prefix.lowerBound(range)), true, text(prefix.upperBound(range)), false));
  }

  /**
   * Checks that {@code db} holds exactly the model's entries of {@code range}: every point read
   * (present and absent keys), full scans both ways, and scans with random bounds both ways.
   */
  void check(Db db, KeyGroupRange range, Random rnd, String label) throws IOException {
    NavigableMap<String, String> expected = restricted(range);
    checkView(db, null, expected, range, rnd, label);
  }

  /** Checks the view of {@code db} at {@code snapshot} against {@code expected}. */
  void checkSnapshot(
      Db db,
      Snapshot snapshot,
      NavigableMap<String, String> expected,
      KeyGroupRange range,
      Random rnd,
      String label)
      throws IOException {
    checkView(db, snapshot, expected, range, rnd, label + " at its snapshot");
  }

  private void checkView(
      Db db,
      Snapshot snapshot,
      NavigableMap<String, String> expected,
      KeyGroupRange range,
      Random rnd,
      String label)
      throws IOException {
    ReadOptions read = ReadOptions.defaults();
    if (snapshot != null) {
      read = read.snapshot(snapshot);
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertArrayEquals(
          bytes(e.getValue()), db.get(read, bytes(e.getKey())), label + ": get " + e.getKey());
    }
    for (int i = 0; i < 50; i++) {
      byte[] k = keyIn(range, rnd);
      String want = expected.get(text(k));
      assertArrayEquals(
          want == null ? null : bytes(want), db.get(read, k), label + ": get " + text(k));
    }
    assertEquals(List.copyOf(expected.entrySet()), scan(db, read, null, null, true), label);
    assertEquals(
        List.copyOf(expected.descendingMap().entrySet()),
        scan(db, read, null, null, false),
        label + " backwards");
    for (int i = 0; i < 4; i++) {
      String a = text(keyIn(range, rnd));
      String b = text(keyIn(range, rnd));
      String lo = a.compareTo(b) <= 0 ? a : b;
      String hi = a.compareTo(b) <= 0 ? b : a;
      NavigableMap<String, String> sub = expected.subMap(lo, true, hi, false);
      assertEquals(
          List.copyOf(sub.entrySet()),
          scan(db, read, lo, hi, true),
          label + " [" + lo + ", " + hi + ")");
      assertEquals(
          List.copyOf(sub.descendingMap().entrySet()),
          scan(db, read, lo, hi, false),
          label + " [" + lo + ", " + hi + ") backwards");
      try (DbIterator it = db.newIterator(read)) {
        it.seek(bytes(lo));
        Map.Entry<String, String> ceiling = expected.ceilingEntry(lo);
        assertEquals(
            ceiling == null ? null : ceiling.getKey(), it.isValid() ? text(it.key()) : null);
        it.seekForPrev(bytes(hi));
        Map.Entry<String, String> floor = expected.floorEntry(hi);
        assertEquals(floor == null ? null : floor.getKey(), it.isValid() ? text(it.key()) : null);
      }
    }
  }

  private static List<Map.Entry<String, String>> scan(
      Db db, ReadOptions base, String lo, String hi, boolean forward) throws IOException {
    ReadOptions read = base;
    if (lo != null) {
      read = read.lowerBound(bytes(lo)).upperBound(bytes(hi));
    }
    List<Map.Entry<String, String>> out = new ArrayList<>();
    try (DbIterator it = db.newIterator(read)) {
      if (forward) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          out.add(Map.entry(text(it.key()), text(it.value())));
        }
      } else {
        for (it.seekToLast(); it.isValid(); it.prev()) {
          out.add(Map.entry(text(it.key()), text(it.value())));
        }
      }
    }
    return out;
  }
}
