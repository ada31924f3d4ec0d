package io.sediment.stream.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sediment.lsm.DbIterator;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateTtl;
import io.sediment.stream.changelog.Change;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The regular and the interval join against in-memory references on seeded random input, in sync
 * and async modes; the regular join's TTL and the interval join's cleanup. {@code -Dstream.seed=S}
 * changes the input.
 */
class JoinOperatorsTest {

  private static final long SEED = Long.getLong("stream.seed", 4242L);

  @TempDir Path tmp;

  static Stream<Arguments> modes() {
    return OperatorHarness.MODES.stream().map(Arguments::of);
  }

  /** One input record of a test: key, side, row, event time. */
  private record In(String key, boolean left, String row, long ts) {}

  private static List<In> input(long seed, int n, boolean ordered) {
    Random random = new Random(seed);
    List<In> out = new ArrayList<>();
    long ts = 0;
    for (int i = 0; i < n; i++) {
      ts = ordered ? ts + random.nextInt(4) : random.nextInt(1000);
      boolean left = random.nextBoolean();
      out.add(new In("k" + random.nextInt(9), left, (left ? "L" : "R") + i, ts));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void theRegularJoinEmitsEveryPairOnceWhenItsLaterRowArrives(String mode) throws IOException {
    List<In> input = input(SEED + mode.hashCode(), 400, false);
    Map<String, List<Change<String>>> expected = new HashMap<>();
    Map<String, List<In>> seen = new HashMap<>();
    for (In in : input) {
      for (In other : seen.getOrDefault(in.key(), List.of())) {
        if (other.left() != in.left()) {
          String pair = in.left() ? in.row() + "|" + other.row() : other.row() + "|" + in.row();
          expected.computeIfAbsent(in.key(), k -> new ArrayList<>()).add(Change.insert(pair));
        }
      }
      seen.computeIfAbsent(in.key(), k -> new ArrayList<>()).add(in);
    }
    RegularJoin<String, String, String, String> join =
        RegularJoin.inner("j", Serializers.string(), Serializers.string(), (l, r) -> l + "|" + r);
    try (OperatorHarness<JoinInput<String, String>, String, Change<String>> h =
        new OperatorHarness<>(tmp, join, Serializers.string(), mode, Clock.systemUTC())) {
      for (In in : input) {
        h.process(in.key(), in.left() ? JoinInput.left(in.row()) : JoinInput.right(in.row()), 0);
      }
      assertEquals(expected, h.finish(), "seed " + SEED + ", " + mode);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void theLeftOuterJoinRetractsAPaddedRowWhenItsFirstPartnerArrives(String mode)
      throws IOException {
    List<In> input = input(SEED + 13 * mode.hashCode(), 400, false);
    Map<String, List<Change<String>>> expected = new HashMap<>();
    Map<String, List<String>> lefts = new HashMap<>();
    Map<String, List<Boolean>> padded = new HashMap<>();
    Map<String, List<String>> rights = new HashMap<>();
    Map<String, Integer> result = new HashMap<>(); // the join so far, applied change by change
    for (In in : input) {
      List<Change<String>> out = expected.computeIfAbsent(in.key(), k -> new ArrayList<>());
      List<String> ls = lefts.computeIfAbsent(in.key(), k -> new ArrayList<>());
      List<Boolean> ps = padded.computeIfAbsent(in.key(), k -> new ArrayList<>());
      List<String> rs = rights.computeIfAbsent(in.key(), k -> new ArrayList<>());
      if (in.left()) {
        ls.add(in.row());
        ps.add(rs.isEmpty());
        if (rs.isEmpty()) {
          out.add(Change.insert(in.row() + "|-"));
        }
        rs.forEach(r -> out.add(Change.insert(in.row() + "|" + r)));
      } else {
        rs.add(in.row());
        for (int i = 0; i < ls.size(); i++) {
          if (ps.get(i)) {
            out.add(Change.delete(ls.get(i) + "|-"));
            ps.set(i, false);
          }
          out.add(Change.insert(ls.get(i) + "|" + in.row()));
        }
      }
    }
    expected.values().removeIf(List::isEmpty);
    LeftOuterJoin<String, String, String, String> join =
        new LeftOuterJoin<>(
            "loj",
            Serializers.string(),
            Serializers.string(),
            (l, r) -> l + "|" + (r == null ? "-" : r));
    try (OperatorHarness<JoinInput<String, String>, String, Change<String>> h =
        new OperatorHarness<>(tmp, join, Serializers.string(), mode, Clock.systemUTC())) {
      for (In in : input) {
        h.process(in.key(), in.left() ? JoinInput.left(in.row()) : JoinInput.right(in.row()), 0);
      }
      Map<String, List<Change<String>>> actual = h.finish();
      assertEquals(expected, actual, "seed " + SEED + ", " + mode);
      // Applied with their signs, the changes leave each key's left outer join.
      for (List<Change<String>> changes : actual.values()) {
        for (Change<String> c : changes) {
          result.merge(c.row(), c.kind().isAdditive() ? 1 : -1, Integer::sum);
        }
      }
    }
    Map<String, Integer> join2 = new HashMap<>();
    for (String key : lefts.keySet()) {
      for (String l : lefts.get(key)) {
        if (rights.get(key).isEmpty()) {
          join2.merge(l + "|-", 1, Integer::sum);
        }
        for (String r : rights.get(key)) {
          join2.merge(l + "|" + r, 1, Integer::sum);
        }
      }
    }
    result.values().removeIf(n -> n == 0);
    assertEquals(join2, result);
  }

  /** A clock the test moves. */
  private static final class ManualClock extends Clock {
    long millis;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void regularJoinRowsExpireAfterTheirTtl(String mode) throws IOException {
    ManualClock clock = new ManualClock();
    RegularJoin<String, String, String, String> join =
        RegularJoin.<String, String, String, String>inner(
                "j", Serializers.string(), Serializers.string(), (l, r) -> l + "|" + r)
            .withStateTtl(StateTtl.of(Duration.ofMillis(100)));
    try (OperatorHarness<JoinInput<String, String>, String, Change<String>> h =
        new OperatorHarness<>(tmp, join, Serializers.string(), mode, clock)) {
      h.process("a", JoinInput.left("L0"), 0); // stored at 0, expired from 100
      h.finish();
      clock.millis = 50;
      h.process("a", JoinInput.right("R1"), 0); // joins L0; stored at 50
      h.finish();
      clock.millis = 120;
      h.process("a", JoinInput.right("R2"), 0); // L0 expired: nothing
      h.finish();
      clock.millis = 140;
      h.process("a", JoinInput.left("L3"), 0); // joins R1 (until 150) and R2
      assertEquals(
          Map.of(
              "a", List.of(Change.insert("L0|R1"), Change.insert("L3|R1"), Change.insert("L3|R2"))),
          h.finish());
      clock.millis = 230;
      h.process("a", JoinInput.left("L4"), 0); // R1 and R2 expired
      assertEquals(3, h.finish().get("a").size(), "expired rows join nothing");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void theIntervalJoinMatchesItsBoundsAndCleansUpBehindTheWatermark(String mode)
      throws IOException {
    Random random = new Random(SEED ^ mode.hashCode());
    long lower = -random.nextInt(6);
    long upper = lower + random.nextInt(8);
    List<In> input = input(SEED + 7 * mode.hashCode(), 500, true);
    Map<String, List<Change<String>>> expected = new LinkedHashMap<>();
    Map<String, List<In>> seen = new HashMap<>();
    for (In in : input) {
      for (In other : seen.getOrDefault(in.key(), List.of())) {
        if (other.left() == in.left()) {
          continue;
        }
        In l = in.left() ? in : other;
        In r = in.left() ? other : in;
        if (r.ts() >= l.ts() + lower && r.ts() <= l.ts() + upper) {
          expected
              .computeIfAbsent(in.key(), k -> new ArrayList<>())
              .add(Change.insert(l.row() + "|" + r.row()));
        }
      }
      seen.computeIfAbsent(in.key(), k -> new ArrayList<>()).add(in);
    }
    IntervalJoin<String, String, String, String> join =
        new IntervalJoin<>(
            "ij", Serializers.string(), Serializers.string(), lower, upper, (l, r) -> l + "|" + r);
    try (OperatorHarness<JoinInput<String, String>, String, Change<String>> h =
        new OperatorHarness<>(tmp, join, Serializers.string(), mode, Clock.systemUTC())) {
      int i = 0;
      for (In in : input) {
        h.process(
            in.key(), in.left() ? JoinInput.left(in.row()) : JoinInput.right(in.row()), in.ts());
        if (++i % 5 == 0) {
          h.watermark(in.ts()); // later records are at or after it: none is late
        }
      }
      h.watermark(Long.MAX_VALUE);
      assertEquals(expected, h.finish(), "bounds [" + lower + ", " + upper + "], " + mode);
      assertEquals(0, h.pendingTimers());
      assertEquals(0, liveEntries(h), "every row was cleaned up by its timer");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void theIntervalJoinDropsLateRecords(String mode) throws IOException {
    IntervalJoin<String, String, String, String> join =
        new IntervalJoin<>(
            "ij", Serializers.string(), Serializers.string(), 0, 10, (l, r) -> l + "|" + r);
    try (OperatorHarness<JoinInput<String, String>, String, Change<String>> h =
        new OperatorHarness<>(tmp, join, Serializers.string(), mode, Clock.systemUTC())) {
      h.process("a", JoinInput.left("L0"), 100);
      h.watermark(105);
      h.process("a", JoinInput.right("R1"), 104); // late
      h.process("a", JoinInput.right("R2"), 110);
      h.watermark(111); // L0 is useless from 111 on
      h.process("a", JoinInput.right("R3"), 111);
      assertEquals(Map.of("a", List.of(Change.insert("L0|R2"))), h.finish());
    }
  }

  private static long liveEntries(OperatorHarness<?, ?, ?> h) throws IOException {
    long n = 0;
    try (DbIterator it = h.db().newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }
}
