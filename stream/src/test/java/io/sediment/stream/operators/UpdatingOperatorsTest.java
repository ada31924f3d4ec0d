package io.sediment.stream.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sediment.stream.Serializer;
import io.sediment.stream.Serializers;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.runtime.KeyedOperator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deduplication, top-N, the updating aggregation and the distinct count against in-memory
 * references on seeded random input, in sync and async modes: each key's changelog must be the
 * reference's, in order. {@code -Dstream.seed=S} changes the input.
 */
class UpdatingOperatorsTest {

  private static final long SEED = Long.getLong("stream.seed", 777L);

  @TempDir Path tmp;

  static Stream<Arguments> modes() {
    return OperatorHarness.MODES.stream().map(Arguments::of);
  }

  /** One input row: key, a unique id and a small value. */
  private record Row(String key, int id, long value) {
    String text() {
      return key + "#" + id + "=" + value;
    }

    static Row parse(String text) {
      int hash = text.indexOf('#');
      int eq = text.indexOf('=');
      return new Row(
          text.substring(0, hash),
          Integer.parseInt(text.substring(hash + 1, eq)),
          Long.parseLong(text.substring(eq + 1)));
    }
  }

  private static final Serializer<Row> ROWS =
      new Serializer<>() {
        @Override
        public byte[] serialize(Row value) {
          return Serializers.string().serialize(value.text());
        }

        @Override
        public Row deserialize(byte[] bytes) {
          return Row.parse(Serializers.string().deserialize(bytes));
        }
      };

  private static List<Row> input(long seed, int n, int values) {
    Random random = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Row("k" + random.nextInt(11), i, random.nextInt(values)));
    }
    return out;
  }

  private <R> Map<String, List<Change<R>>> run(
      KeyedOperator<Row, String, Change<R>> operator, List<Row> input, String mode)
      throws IOException {
    try (OperatorHarness<Row, String, Change<R>> h =
        new OperatorHarness<>(tmp, operator, Serializers.string(), mode, Clock.systemUTC())) {
      for (Row r : input) {
        h.process(r.key(), r, r.id());
      }
      return new HashMap<>(h.finish());
    }
  }

  private static <R> void add(Map<String, List<Change<R>>> out, String key, Change<R> c) {
    out.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void keepFirstEmitsTheFirstRowOfEachKeyOnce(String mode) throws IOException {
    List<Row> input = input(SEED + mode.hashCode(), 300, 5);
    Map<String, List<Change<Row>>> expected = new HashMap<>();
    for (Row r : input) {
      if (!expected.containsKey(r.key())) {
        add(expected, r.key(), Change.insert(r));
      }
    }
    assertEquals(expected, run(Deduplicate.keepFirst("d"), input, mode), mode);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void keepLastRetractsThePreviousRowOfTheKey(String mode) throws IOException {
    List<Row> input = input(SEED + 3 * mode.hashCode(), 300, 5);
    Map<String, List<Change<Row>>> expected = new HashMap<>();
    Map<String, Row> last = new HashMap<>();
    for (Row r : input) {
      Row previous = last.put(r.key(), r);
      if (previous == null) {
        add(expected, r.key(), Change.insert(r));
      } else {
        add(expected, r.key(), Change.updateBefore(previous));
        add(expected, r.key(), Change.updateAfter(r));
      }
    }
    assertEquals(expected, run(Deduplicate.keepLast("d", ROWS), input, mode), mode);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void topNEmitsTheChangesOfEachRank(String mode) throws IOException {
    int n = 3;
    List<Row> input = input(SEED + 5 * mode.hashCode(), 400, 20);
    Comparator<Row> byValueDescending = Comparator.comparingLong(Row::value).reversed();
    Map<String, List<Change<Ranked<Row>>>> expected = new HashMap<>();
    Map<String, List<Row>> all = new HashMap<>();
    for (Row r : input) {
      List<Row> rows = all.computeIfAbsent(r.key(), k -> new ArrayList<>());
      List<Row> before = top(rows, byValueDescending, n);
      rows.add(r);
      List<Row> after = top(rows, byValueDescending, n);
      for (int i = 0; i < after.size(); i++) {
        Ranked<Row> now = new Ranked<>(i + 1, after.get(i));
        if (i >= before.size()) {
          add(expected, r.key(), Change.insert(now));
        } else if (!before.get(i).equals(after.get(i))) {
          add(expected, r.key(), Change.updateBefore(new Ranked<>(i + 1, before.get(i))));
          add(expected, r.key(), Change.updateAfter(now));
        }
      }
    }
    assertEquals(expected, run(new TopN<>("top", ROWS, byValueDescending, n), input, mode), mode);
  }

  /** The first n rows by a stable sort (equal rows in arrival order). */
  private static List<Row> top(List<Row> rows, Comparator<Row> order, int n) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(order);
    return sorted.subList(0, Math.min(n, sorted.size()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void theGroupAggregationRetractsEachPreviousResult(String mode) throws IOException {
    List<Row> input = input(SEED + 7 * mode.hashCode(), 400, 4); // zeros leave a sum unchanged
    Map<String, List<Change<String>>> expected = new HashMap<>();
    Map<String, Long> sums = new HashMap<>();
    for (Row r : input) {
      Long before = sums.get(r.key());
      long after = (before == null ? 0 : before) + r.value();
      sums.put(r.key(), after);
      if (before == null) {
        add(expected, r.key(), Change.insert(r.key() + "=" + after));
      } else if (before != after) {
        add(expected, r.key(), Change.updateBefore(r.key() + "=" + before));
        add(expected, r.key(), Change.updateAfter(r.key() + "=" + after));
      }
    }
    GroupAggregate<Row, String, Long, String> sum =
        new GroupAggregate<>(
            "sum",
            Serializers.longs(),
            0L,
            (acc, row) -> acc + row.value(),
            (k, acc) -> k + "=" + acc);
    assertEquals(expected, run(sum, input, mode), mode);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void countDistinctCountsEachValueOnce(String mode) throws IOException {
    List<Row> input = input(SEED + 11 * mode.hashCode(), 500, 30);
    Map<String, List<Change<String>>> expected = new HashMap<>();
    Map<String, Set<Long>> distinct = new HashMap<>();
    for (Row r : input) {
      Set<Long> values = distinct.computeIfAbsent(r.key(), k -> new HashSet<>());
      long before = values.size();
      if (values.add(r.value())) {
        if (before == 0) {
          add(expected, r.key(), Change.insert(r.key() + ":1"));
        } else {
          add(expected, r.key(), Change.updateBefore(r.key() + ":" + before));
          add(expected, r.key(), Change.updateAfter(r.key() + ":" + (before + 1)));
        }
      }
    }
    CountDistinct<Row, String, Long, String> count =
        new CountDistinct<>("cd", Row::value, Serializers.longs(), (k, n) -> k + ":" + n);
    assertEquals(expected, run(count, input, mode), mode);
  }

  @Test
  void invalidArgumentsAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TopN<>("t", ROWS, Comparator.comparingLong(Row::value), 0));
    assertEquals("n must be at least 1: 0", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new IntervalJoin<String, String, String, String>(
                "j", Serializers.string(), Serializers.string(), 5, 4, (l, r) -> l));
    assertThrows(IllegalArgumentException.class, () -> JoinInput.left(null));
  }
}
