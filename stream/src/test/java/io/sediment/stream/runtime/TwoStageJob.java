package io.sediment.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two-stage job of the runtime tests and its model. Stage 0, keyed by the event's key, counts
 * the key's events and hands on {@code <key>,<count>,<time>}. Stage 1 re-keys that by {@code
 * <bucket>@<window>} (bucket: the key's hash mod 5; window: 50 time units), emits {@code
 * r,<key>,<count>} per record and sums the counts of its key, which an event-time timer at the
 * window's end emits as {@code w,<bucket>@<window>,<sum>}: exact only if stage 1's watermark (the
 * smallest of stage 0's forwarded ones) never passes a record still on its way.
 */
final class TwoStageJob {

  static final int WINDOW = 50;

  static final StateDescriptor<ValueState<Long>> COUNT =
      StateDescriptor.value("count", Serializers.longs());
  static final StateDescriptor<ValueState<Long>> SUM =
      StateDescriptor.value("sum", Serializers.longs());

  private TwoStageJob() {}

  static KeyedOperator<GeneratedSource.Event, String, String> counter() {
    return new KeyedOperator<>() {
      @Override
      public List<StateDescriptor<?>> states() {
        return List.of(COUNT);
      }

      @Override
      public KeyedProcessor<GeneratedSource.Event> open(OperatorContext<String, String> ctx) {
        ValueState<Long> count = ctx.state(COUNT);
        return (e, ts) ->
            count
                .value()
                .thenAccept(
                    n -> {
                      long next = n == null ? 1 : n + 1;
                      count.update(next);
                      ctx.emit(ctx.currentKey() + "," + next + "," + ts);
                    });
      }
    };
  }

  static KeyedOperator<String, String, String> windowSum() {
    return new KeyedOperator<>() {
      @Override
      public List<StateDescriptor<?>> states() {
        return List.of(SUM);
      }

      @Override
      public KeyedProcessor<String> open(OperatorContext<String, String> ctx) {
        ValueState<Long> sum = ctx.state(SUM);
        return new KeyedProcessor<>() {
          @Override
          public void process(String row, long ts) {
            String[] f = row.split(",");
            ctx.registerEventTimeTimer((ts / WINDOW + 1) * WINDOW);
            ctx.emit("r," + f[0] + "," + f[1]);
            sum.value().thenAccept(s -> sum.update((s == null ? 0 : s) + Long.parseLong(f[1])));
          }

          @Override
          public void onTimer(long timestamp) {
            sum.value()
                .thenAccept(
                    s -> {
                      ctx.emit("w," + ctx.currentKey() + "," + s);
                      sum.clear();
                    });
          }
        };
      }
    };
  }

  static String windowKey(String key, long ts) {
    return Math.floorMod(key.hashCode(), 5) + "@" + ts / WINDOW;
  }

  static StagedJob<GeneratedSource.Event, String> definition(
      GeneratedSource source, TransactionalSink<String> sink) {
    return StagedJob.from(source)
        .stage(
            GeneratedSource.Event::key,
            Serializers.string(),
            GeneratedSource.Event::timestamp,
            counter())
        .stage(
            (String row) -> {
              String[] f = row.split(",");
              return windowKey(f[0], Long.parseLong(f[2]));
            },
            Serializers.string(),
            (String row) -> Long.parseLong(row.split(",")[2]),
            windowSum())
        .into(sink);
  }

  static Map<String, Integer> expected(GeneratedSource source) {
    Map<String, Integer> rows = new TreeMap<>();
    Map<String, Long> sums = new HashMap<>();
    for (int s = 0; s < source.splitCount(); s++) {
      Map<String, Long> counts = new HashMap<>();
      for (long i = 0; i < source.perSplit(); i++) {
        GeneratedSource.Event e = source.event(s, i);
        long c = counts.merge(e.key(), 1L, Long::sum);
        rows.merge("r," + e.key() + "," + c, 1, Integer::sum);
        sums.merge(windowKey(e.key(), e.timestamp()), c, Long::sum);
      }
    }
    sums.forEach((k, v) -> rows.merge("w," + k + "," + v, 1, Integer::sum));
    return rows;
  }

  static void check(GeneratedSource source, List<String> committed, String what) {
    Map<String, Integer> expected = expected(source);
    Map<String, Integer> actual = new TreeMap<>();
    committed.forEach(r -> actual.merge(r, 1, Integer::sum));
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
    assertEquals(
        List.of(),
        diff.subList(0, Math.min(10, diff.size())),
        what + ": " + diff.size() + " differ");
  }
}
