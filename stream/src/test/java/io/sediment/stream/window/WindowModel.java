package io.sediment.stream.window;

import io.sediment.stream.window.WindowTestFunctions.Ev;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The in-memory reference: every key's windows over the whole input, each with its values, and the
 * rows they give when each fires once.
 */
final class WindowModel {

  private WindowModel() {}

  /**
   * The rows of every window whose last timestamp is at most {@code until}, each once, counted;
   * element times by {@code time}.
   */
  static Map<String, Integer> rows(
      List<Ev> input,
      WindowAssigner assigner,
      boolean aggregate,
      ToLongFunction<Ev> time,
      long until) {
    Map<String, TreeMap<TimeWindow, List<Long>>> windows = new HashMap<>();
    if (assigner.isMerging()) {
      Map<String, List<Ev>> byKey = new HashMap<>();
      input.forEach(e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
      byKey.forEach(
          (key, events) -> {
            events.sort(Comparator.comparingLong(time));
            TreeMap<TimeWindow, List<Long>> sessions = new TreeMap<>();
            TimeWindow current = null;
            List<Long> values = null;
            for (Ev e : events) {
              TimeWindow own = assigner.assignWindows(time.applyAsLong(e)).get(0);
              if (current != null && current.intersects(own)) {
                current = current.cover(own);
              } else {
                if (current != null) {
                  sessions.put(current, values);
                }
                current = own;
                values = new ArrayList<>();
              }
              values.add(e.value());
            }
            sessions.put(current, values);
            windows.put(key, sessions);
          });
    } else {
      for (Ev e : input) {
        for (TimeWindow w : assigner.assignWindows(time.applyAsLong(e))) {
          windows
              .computeIfAbsent(e.key(), k -> new TreeMap<>())
              .computeIfAbsent(w, x -> new ArrayList<>())
              .add(e.value());
        }
      }
    }
    Map<String, Integer> rows = new TreeMap<>();
    windows.forEach(
        (key, ws) ->
            ws.forEach(
                (w, values) -> {
                  if (w.maxTimestamp() <= until) {
                    rows.merge(
                        WindowTestFunctions.expectedRow(key, w, values, aggregate),
                        1,
                        Integer::sum);
                  }
                }));
    return rows;
  }

  /**
   * Asserts that {@code actual} rows are {@code expected}, each as often, naming a few that differ.
   */
  static void assertSameRows(Map<String, Integer> expected, List<String> actual, String what) {
    Map<String, Integer> got = counted(actual);
    List<String> diff = new ArrayList<>();
    for (String k : expected.keySet()) {
      if (!expected.get(k).equals(got.get(k))) {
        diff.add(k + ": expected " + expected.get(k) + ", got " + got.get(k));
      }
    }
    for (String k : got.keySet()) {
      if (!expected.containsKey(k)) {
        diff.add(k + ": not expected, got " + got.get(k));
      }
    }
    if (!diff.isEmpty()) {
      org.junit.jupiter.api.Assertions.fail(
          what
              + ": "
              + diff.size()
              + " of "
              + expected.size()
              + " rows differ, first: "
              + diff.subList(0, Math.min(8, diff.size())));
    }
  }

  /** {@code rows} counted. */
  static Map<String, Integer> counted(List<String> rows) {
    Map<String, Integer> out = new TreeMap<>();
    rows.forEach(r -> out.merge(r, 1, Integer::sum));
    return out;
  }
}
