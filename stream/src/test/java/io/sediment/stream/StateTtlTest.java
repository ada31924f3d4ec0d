package io.sediment.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sediment.keygroups.KeyGroupRange;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * State TTL with Flink's semantics: written values expire {@code ttl} after their write, reads
 * never return an expired value, and compaction removes expired data in the compaction library's
 * layouts (checked by reading the raw store after a compaction).
 */
class StateTtlTest {

  private static final StateTtl TTL = StateTtl.of(Duration.ofMillis(100));
  private static final StateDescriptor<ValueState<Long>> VALUE =
      StateDescriptor.value("tv", Serializers.longs()).withTtl(TTL);
  private static final StateDescriptor<ListState<String>> LIST =
      StateDescriptor.list("tl", Serializers.string()).withTtl(TTL);
  private static final StateDescriptor<MapState<String, Long>> MAP =
      StateDescriptor.map("tm", Serializers.string(), Serializers.longs()).withTtl(TTL);
  private static final StateDescriptor<ReducingState<Long>> REDUCING =
      StateDescriptor.reducing("tr", (a, b) -> a * 31 + b, Serializers.longs()).withTtl(TTL);
  private static final StateDescriptor<AggregatingState<Long, String>> AGGREGATING =
      StateDescriptor.aggregating("ta", new TestStates.SumCount(), a -> a[0] + "/" + a[1])
          .withTtl(TTL);

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();
  private KeyedStateStore<String> store;
  private ExecutionController<String> controller;

  /** A clock the test moves. */
  static final class ManualClock extends Clock {
    volatile long millis = 1000;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }

  private void open(ExecutionMode mode) throws Exception {
    store =
        KeyedStateStore.builder(
                TestStates.options(dir, false, false),
                Serializers.string(),
                KeyGroupRange.of(0, 127),
                128)
            .declare(VALUE, LIST, MAP, REDUCING, AGGREGATING)
            .clock(clock)
            .open();
    controller =
        ExecutionController.create(
            store,
            ExecutionSettings.defaults().toBuilder()
                .executionMode(mode)
                .iteratorChunkSize(1)
                .build(),
            DelayScheduler.never());
  }

  @AfterEach
  void close() throws Exception {
    controller.close();
    store.close();
  }

  /** Runs {@code body} as a record of key "k" and returns what it put in the reference. */
  private <T> T at(long millis, java.util.function.Function<AtomicReference<T>, RecordBody> body) {
    clock.millis = millis;
    AtomicReference<T> out = new AtomicReference<>();
    controller.submit("k", body.apply(out));
    controller.drain();
    return out.get();
  }

  private void compact() throws Exception {
    store.db().compactRange(null, null);
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void valueExpiresOnReadAndInCompaction(ExecutionMode mode) throws Exception {
    open(mode);
    ValueState<Long> v = controller.state(VALUE);
    at(1000, o -> () -> v.update(7L));
    assertEquals(7L, this.<Long>at(1099, o -> () -> v.value().thenAccept(o::set)));
    assertNull(at(1100, o -> () -> v.value().thenAccept(x -> o.set(x))));
    at(1100, o -> () -> v.update(8L));
    assertEquals(8L, this.<Long>at(1150, o -> () -> v.value().thenAccept(o::set)));
    clock.millis = 1300;
    compact();
    try (var it = store.db().newIterator()) {
      it.seekToFirst();
      assertEquals(false, it.isValid(), "the compaction filter removed the expired value");
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void listElementsExpireOneByOne(ExecutionMode mode) throws Exception {
    open(mode);
    ListState<String> l = controller.state(LIST);
    at(1000, o -> () -> l.add("a"));
    at(1050, o -> () -> l.addAll(List.of("b", "c")));
    assertEquals(List.of("a", "b", "c"), at(1099, o -> () -> l.get().thenAccept(o::set)));
    assertEquals(List.of("b", "c"), at(1100, o -> () -> l.get().thenAccept(o::set)));
    clock.millis = 1120;
    compact();
    assertEquals(List.of("b", "c"), at(1120, o -> () -> l.get().thenAccept(o::set)));
    assertEquals(List.of(), at(1150, o -> () -> l.get().thenAccept(o::set)));
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void mapEntriesExpireOneByOne(ExecutionMode mode) throws Exception {
    open(mode);
    MapState<String, Long> m = controller.state(MAP);
    at(1000, o -> () -> m.put("u1", 1L));
    at(1060, o -> () -> m.put("u2", 2L));
    assertNull(at(1100, o -> () -> m.get("u1").thenAccept(x -> o.set(x))));
    assertEquals(false, at(1100, o -> () -> m.contains("u1").thenAccept(o::set)));
    List<String> entries =
        at(
            1100,
            o ->
                () ->
                    m.entries()
                        .thenAccept(
                            it -> {
                              List<String> out = new ArrayList<>();
                              it.onNext(e -> out.add(e.getKey() + "=" + e.getValue()))
                                  .thenAccept(x -> o.set(out));
                            }));
    assertEquals(List.of("u2=2"), entries, "an expired first entry is skipped, chunk by chunk");
    assertEquals(false, at(1100, o -> () -> m.isEmpty().thenAccept(o::set)));
    assertEquals(true, at(1160, o -> () -> m.isEmpty().thenAccept(o::set)));
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void foldsRestartAfterExpiryAndAddsRefreshTheTimestamp(ExecutionMode mode) throws Exception {
    open(mode);
    ReducingState<Long> r = controller.state(REDUCING);
    AggregatingState<Long, String> a = controller.state(AGGREGATING);
    at(
        1000,
        o ->
            () -> {
              r.add(1L);
              a.add(3L);
            });
    at(
        1050,
        o ->
            () -> {
              r.add(2L);
              a.add(4L);
            });
    assertEquals(33L, this.<Long>at(1120, o -> () -> r.get().thenAccept(o::set)));
    assertEquals("7/2", at(1120, o -> () -> a.get().thenAccept(o::set)));
    assertNull(at(1150, o -> () -> r.get().thenAccept(x -> o.set(x))));
    at(
        1300,
        o ->
            () -> {
              r.add(5L);
              a.add(6L);
            });
    store.db().flush();
    assertEquals(5L, this.<Long>at(1310, o -> () -> r.get().thenAccept(o::set)));
    assertEquals("6/1", at(1310, o -> () -> a.get().thenAccept(o::set)));
    clock.millis = 1310;
    compact();
    assertEquals(5L, this.<Long>at(1310, o -> () -> r.get().thenAccept(o::set)));
    assertNotNull(at(1310, o -> () -> a.get().thenAccept(o::set)));
  }
}
