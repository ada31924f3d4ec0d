package io.sediment.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sediment.stream.ListState;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keyed job of the runtime tests and its model. Per key: a counter and a sum (value states), a
 * list of the values (list state), and an event-time timer at the end of each 10-unit window the
 * key has a record in. Each record emits {@code r,<key>,<count>,<sum>,<list size>,<list sum>}; each
 * timer emits {@code t,<key>,<time>}. Every key lives in one split, so the model is exact.
 */
final class CountingJob {

  static final StateDescriptor<ValueState<Long>> COUNT =
      StateDescriptor.value("count", Serializers.longs());
  static final StateDescriptor<ValueState<Long>> SUM =
      StateDescriptor.value("sum", Serializers.longs());
  static final StateDescriptor<ListState<Long>> VALUES =
      StateDescriptor.list("values", Serializers.longs());

  private CountingJob() {}

  /** The operator. */
  static KeyedOperator<GeneratedSource.Event, String, String> operator() {
    return new KeyedOperator<>() {
      @Override
      public List<StateDescriptor<?>> states() {
        return List.of(COUNT, SUM, VALUES);
      }

      @Override
      public KeyedProcessor<GeneratedSource.Event> open(OperatorContext<String, String> ctx) {
        ValueState<Long> count = ctx.state(COUNT);
        ValueState<Long> sum = ctx.state(SUM);
        ListState<Long> values = ctx.state(VALUES);
        return new KeyedProcessor<>() {
          @Override
          public void process(GeneratedSource.Event e, long timestamp) {
            ctx.registerEventTimeTimer((timestamp / 10 + 1) * 10);
            values.add(e.value());
            count
                .value()
                .thenCombine(
                    sum.value(),
                    (c, s) -> new long[] {c == null ? 1 : c + 1, (s == null ? 0 : s) + e.value()})
                .thenCompose(cs -> count.update(cs[0]).thenApply(v -> cs))
                .thenCompose(cs -> sum.update(cs[1]).thenApply(v -> cs))
                .thenCombine(
                    values.get(),
                    (cs, list) -> {
                      long n = 0;
                      long total = 0;
                      for (long v : list) {
                        n++;
                        total += v;
                      }
                      ctx.emit(
                          "r,"
                              + ctx.currentKey()
                              + ","
                              + cs[0]
                              + ","
                              + cs[1]
                              + ","
                              + n
                              + ","
                              + total);
                      return null;
                    });
          }

          @Override
          public void onTimer(long timestamp) {
            ctx.emit("t," + ctx.currentKey() + "," + timestamp);
          }
        };
      }
    };
  }

  /** The job over {@code source} into {@code sink}. */
  static JobDefinition<GeneratedSource.Event, String, String> definition(
      GeneratedSource source, TransactionalSink<String> sink) {
    return new JobDefinition<>(
        source,
        GeneratedSource.Event::key,
        Serializers.string(),
        GeneratedSource.Event::timestamp,
        operator(),
        sink);
  }

  /** The rows a run over the whole input commits, each once, as counts by row. */
  static Map<String, Integer> expected(GeneratedSource source) {
    Map<String, Integer> rows = new TreeMap<>();
    for (int s = 0; s < source.splitCount(); s++) {
      Map<String, long[]> perKey = new HashMap<>();
      Map<String, java.util.Set<Long>> windows = new HashMap<>();
      for (long i = 0; i < source.perSplit(); i++) {
        GeneratedSource.Event e = source.event(s, i);
        long[] cs = perKey.computeIfAbsent(e.key(), k -> new long[2]);
        cs[0]++;
        cs[1] += e.value();
        rows.merge(
            "r," + e.key() + "," + cs[0] + "," + cs[1] + "," + cs[0] + "," + cs[1],
            1,
            Integer::sum);
        windows.computeIfAbsent(e.key(), k -> new java.util.HashSet<>()).add((i / 10 + 1) * 10);
      }
      windows.forEach((k, ts) -> ts.forEach(t -> rows.merge("t," + k + "," + t, 1, Integer::sum)));
    }
    return rows;
  }

  /** Asserts that {@code committed} is exactly the model's rows, each once. */
  static void check(GeneratedSource source, List<String> committed, String what) {
    Map<String, Integer> expected = expected(source);
    Map<String, Integer> actual = new TreeMap<>();
    committed.forEach(r -> actual.merge(r, 1, Integer::sum));
    if (!expected.equals(actual)) {
      List<String> diff = new ArrayList<>();
      for (String k : expected.keySet()) {
        if (!expected.get(k).equals(actual.get(k))) {
          diff.add(k + ": expected " + expected.get(k) + ", committed " + actual.get(k));
        }
      }
      for (String k : actual.keySet()) {
        if (!expected.containsKey(k)) {
          diff.add(k + ": not expected, committed " + actual.get(k));
        }
      }
      fail(
          what
              + ": "
              + diff.size()
              + " rows differ, first: "
              + diff.subList(0, Math.min(10, diff.size())));
    }
    assertEquals(expected.values().stream().mapToInt(Integer::intValue).sum(), committed.size());
  }
}
