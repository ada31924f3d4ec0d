package io.sediment.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionControllerTest {

  @TempDir Path dir;

  private KeyedStateStore<String> store;
  private ExecutionController<String> controller;
  private final ManualExecutor io = new ManualExecutor();
  private final ManualScheduler scheduler = new ManualScheduler();

  @AfterEach
  void close() throws Exception {
    if (controller != null) {
      controller.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** A controller whose I/O and buffer timeouts run only when {@link #pump()} runs them. */
  private void manual(ExecutionSettings.Builder settings) throws Exception {
    store = TestStates.open(TestStates.options(dir, false, false), Clock.systemUTC());
    controller = ExecutionController.create(store, settings.build(), scheduler, io);
  }

  /** A controller with its own I/O thread and no buffer timeout. */
  private void threaded(ExecutionSettings.Builder settings) throws Exception {
    store = TestStates.open(TestStates.options(dir, false, false), Clock.systemUTC());
    controller = ExecutionController.create(store, settings.build(), DelayScheduler.never());
  }

  /** Fires buffer timeouts, runs batches and the mailbox until nothing moves. */
  private void pump() {
    while (true) {
      scheduler.fireAll();
      int moved = controller.runMailbox() + io.runAll();
      moved += controller.runMailbox();
      if (moved == 0) {
        return;
      }
    }
  }

  private ValueState<Long> value() {
    return controller.state(TestStates.VALUE);
  }

  @Test
  void recordsOfOneKeyRunInArrivalOrderAndOtherKeysOverlap() throws Exception {
    manual(ExecutionSettings.defaults().toBuilder());
    List<String> log = new ArrayList<>();
    for (String[] r : new String[][] {{"a", "a1"}, {"a", "a2"}, {"b", "b1"}, {"a", "a3"}}) {
      controller.submit(
          r[0],
          () -> {
            log.add("start " + r[1]);
            value()
                .value()
                .thenCompose(v -> value().update(v == null ? 1 : v + 1))
                .thenAccept(x -> log.add("end " + r[1]));
          });
    }
    assertEquals(List.of("start a1", "start b1"), log, "a2, a3 wait behind a1; b1 overlaps a1");
    assertEquals(4, controller.inFlightRecords());
    assertEquals(0, io.queued(), "nothing is sent before the buffer fills or times out");
    pump();
    assertEquals(0, controller.inFlightRecords());
    assertTrue(log.indexOf("end a1") < log.indexOf("start a2"), log.toString());
    assertTrue(log.indexOf("end a2") < log.indexOf("start a3"), log.toString());
    controller.submit("a", () -> value().value().thenAccept(v -> log.add("a=" + v)));
    controller.submit("b", () -> value().value().thenAccept(v -> log.add("b=" + v)));
    pump();
    assertTrue(log.containsAll(List.of("a=3", "b=1")), log.toString());
  }

  private static java.time.Duration settingsTimeout() {
    return ExecutionSettings.DEFAULT_BUFFER_TIMEOUT;
  }

  @Test
  void aFullBufferIsSentWithoutWaitingForTheTimeout() throws Exception {
    manual(ExecutionSettings.defaults().toBuilder().bufferSize(3));
    for (int i = 0; i < 3; i++) {
      controller.submit("k" + i, () -> value().value());
    }
    assertEquals(1, io.queued(), "three requests fill the buffer: one batch");
    assertEquals(0, controller.bufferedRequests());
    controller.submit("k9", () -> value().value());
    assertEquals(List.of(settingsTimeout()), scheduler.delays(), "the next one waits, timed");
    pump();
    assertEquals(2, controller.batchesSent());
    assertEquals(0, controller.inFlightRecords());
  }

  @Test
  void anEpochActionRunByAFinishingRecordWaitsAtTheLimitWithoutStalling() throws Exception {
    threaded(
        ExecutionSettings.defaults().toBuilder()
            .epochMode(EpochMode.PARALLEL_BETWEEN_EPOCHS)
            .inFlightRecordsLimit(2));
    List<String> log = new ArrayList<>();
    controller.submit("a", () -> value().value().thenAccept(v -> log.add("a")));
    // t1 has no state work: it finishes while the controller starts it, which closes the first
    // epoch and runs the second one's trigger right there, with key b still busy.
    controller.closeEpoch(() -> controller.submit("t1", () -> log.add("t1")), () -> {});
    controller.closeEpoch(
        () -> {
          for (String t : List.of("t2", "t3", "t4")) {
            controller.submit("b", () -> log.add(t));
          }
        },
        () -> log.add("final2"));
    controller.submit("b", () -> value().value().thenAccept(v -> log.add("b")));
    controller.submit("c", () -> value().value().thenAccept(v -> log.add("c")));
    controller.drain();
    assertEquals(
        List.of("b", "t2", "t3", "t4"),
        log.stream().filter(s -> s.startsWith("b") || s.matches("t[234]")).toList(),
        log.toString());
    assertTrue(log.containsAll(List.of("a", "t1", "c", "final2")), log.toString());
    assertTrue(controller.peakInFlightRecords() <= 2, "peak " + controller.peakInFlightRecords());
  }

  @Test
  void parallelEpochsFinishInOrderOnceEach() throws Exception {
    manual(ExecutionSettings.defaults().toBuilder().epochMode(EpochMode.PARALLEL_BETWEEN_EPOCHS));
    List<String> log = new ArrayList<>();
    controller.submit("a", () -> value().value().thenAccept(v -> log.add("a done")));
    controller.closeEpoch(() -> log.add("w1 trigger"), () -> log.add("w1 emitted"));
    controller.submit("b", () -> log.add("b done"));
    controller.closeEpoch(() -> log.add("w2 trigger"), () -> log.add("w2 emitted"));
    assertEquals(List.of("b done"), log, "w2's records are done, but w1 is not: nothing fires");
    assertEquals(2, controller.pendingEpochs());
    pump();
    assertEquals(
        List.of("b done", "a done", "w1 trigger", "w1 emitted", "w2 trigger", "w2 emitted"), log);
    pump();
    controller.drain();
    assertEquals(6, log.size(), "each action once, also with no further input");
  }

  @Test
  void aWatermarkWithNoRecordInFlightFiresOnceAtOnce() throws Exception {
    threaded(ExecutionSettings.defaults().toBuilder());
    int[] fired = new int[2];
    controller.closeEpoch(() -> fired[0]++, () -> fired[1]++);
    assertEquals(1, fired[0]);
    assertEquals(1, fired[1]);
    controller.submit("a", () -> value().update(1L));
    controller.closeEpoch(() -> fired[0]++, () -> fired[1]++);
    controller.drain();
    controller.awaitMail(java.time.Duration.ofMillis(20));
    controller.runMailbox();
    assertEquals(2, fired[0], "no second firing when no input follows the watermark");
    assertEquals(2, fired[1]);
  }

  @Test
  void serialEpochWaitsForItsRecordsAndTimerStateBeforeTheWatermarkIsEmitted() throws Exception {
    threaded(ExecutionSettings.defaults().toBuilder().bufferSize(1000));
    List<String> log = new ArrayList<>();
    for (String k : List.of("a", "b", "c")) {
      controller.submit(
          k,
          () ->
              value()
                  .value()
                  .thenCompose(v -> value().update(10L))
                  .thenAccept(x -> log.add("record " + k)));
    }
    controller.closeEpoch(
        () -> {
          log.add("trigger");
          for (String k : List.of("a", "c")) {
            controller.submit(
                k,
                () ->
                    value()
                        .value()
                        .thenCompose(v -> value().update(v + 1))
                        .thenAccept(x -> log.add("timer " + k)));
          }
        },
        () -> log.add("watermark"));
    assertEquals(0, controller.inFlightRecords(), "serial mode returns after the final action");
    assertEquals("trigger", log.get(3), log.toString());
    assertEquals("watermark", log.get(log.size() - 1), "timers complete before the watermark");
    assertEquals(7, log.size(), log.toString());
    controller.submit("a", () -> value().value().thenAccept(v -> log.add("a=" + v)));
    controller.drain();
    assertEquals("a=11", log.get(log.size() - 1));
  }

  @Test
  void anEpochActionStartingRecordsCannotFireItTwice() throws Exception {
    manual(ExecutionSettings.defaults().toBuilder().epochMode(EpochMode.PARALLEL_BETWEEN_EPOCHS));
    int[] triggers = new int[1];
    int[] finals = new int[1];
    controller.submit("a", () -> value().update(1L));
    controller.closeEpoch(
        () -> {
          triggers[0]++;
          controller.submit("a", () -> value().value());
          controller.submit("b", () -> {});
        },
        () -> finals[0]++);
    pump();
    assertEquals(1, triggers[0]);
    assertEquals(1, finals[0]);
    assertEquals(0, controller.pendingEpochs());
  }

  @Test
  void theInFlightLimitBoundsRecordsUnderSlowIo() throws Exception {
    store = TestStates.open(TestStates.options(dir, false, false), Clock.systemUTC());
    ExecutorService slow = Executors.newSingleThreadExecutor();
    try {
      int limit = 4;
      controller =
          ExecutionController.create(
              store,
              ExecutionSettings.defaults().toBuilder().inFlightRecordsLimit(limit).build(),
              DelayScheduler.never(),
              task ->
                  slow.execute(
                      () -> {
                        LockSupport.parkNanos(1_000_000);
                        task.run();
                      }));
      int maxBuffered = 0;
      for (int i = 0; i < 200; i++) {
        String key = "k" + (i % 50);
        controller.submit(
            key, () -> value().value().thenCompose(v -> value().update(v == null ? 1 : v + 1)));
        assertTrue(
            controller.inFlightRecords() <= limit, "in flight " + controller.inFlightRecords());
        maxBuffered = Math.max(maxBuffered, controller.bufferedRequests());
      }
      controller.drain();
      assertEquals(limit, controller.peakInFlightRecords());
      assertTrue(maxBuffered <= limit, "buffered requests " + maxBuffered);
      long[] sum = new long[1];
      for (int i = 0; i < 50; i++) {
        controller.submit("k" + i, () -> value().value().thenAccept(v -> sum[0] += v));
      }
      controller.drain();
      assertEquals(200, sum[0]);
    } finally {
      controller.close();
      slow.shutdown();
    }
  }

  @Test
  void aCallbackThatThrowsFailsTheJobAndLaterWritesAreNotCommitted() throws Exception {
    manual(ExecutionSettings.defaults().toBuilder());
    IllegalStateException boom = new IllegalStateException("boom");
    controller.submit(
        "a",
        () ->
            value()
                .value()
                .thenAccept(
                    v -> {
                      throw boom;
                    }));
    scheduler.fireAll();
    controller.runMailbox();
    io.runAll();
    controller.submit("b", () -> value().update(7L));
    AsyncExecutionException e =
        assertThrows(AsyncExecutionException.class, () -> controller.runMailbox());
    assertSame(boom, e.getCause());
    assertSame(boom, controller.failure());
    AsyncExecutionException again =
        assertThrows(AsyncExecutionException.class, () -> controller.submit("c", () -> {}));
    assertSame(boom, again.getCause());
    assertEquals(0, controller.bufferedRequests(), "buffered requests are dropped");
    io.runAll();
    assertEquals(0, io.queued());
    assertNull(store.db().get(anyKeyOf("b")), "b's write was never sent");
  }

  /** The stored key of state "v" for {@code key} in no namespace. */
  private byte[] anyKeyOf(String key) {
    int kg = KeyGroups.assign(key.hashCode(), TestStates.MAX_PARALLELISM);
    return store
        .layout()
        .head(
            kg,
            KeyedStateStore.stateId("v"),
            key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            StateBinding.NO_NAMESPACE);
  }

  @Test
  void aBodyOrSerializerThatThrowsFailsTheJobWithItsCause() throws Exception {
    threaded(ExecutionSettings.defaults().toBuilder());
    controller.submit("a", () -> value().update(5L));
    controller.drain();
    assertTrue(store.db().get(anyKeyOf("a")) != null);
    StateDescriptor<ListState<String>> list = TestStates.LIST;
    AsyncExecutionException e =
        assertThrows(
            AsyncExecutionException.class,
            () -> controller.submit("b", () -> controller.state(list).add(null)));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.toString());
    assertTrue(e.getMessage().contains("list element must not be null"), e.getMessage());
    assertThrows(AsyncExecutionException.class, () -> controller.drain());
  }

  @Test
  void aDeserializerThatThrowsFailsTheJob() throws Exception {
    store = TestStates.open(TestStates.options(dir, false, false), Clock.systemUTC());
    controller =
        ExecutionController.create(store, ExecutionSettings.defaults(), DelayScheduler.never());
    controller.submit("a", () -> controller.state(TestStates.LIST).add("x"));
    controller.drain();
    controller.close();
    store.close();
    StateDescriptor<ListState<String>> failing =
        StateDescriptor.list(
            "l",
            new Serializer<String>() {
              @Override
              public byte[] serialize(String value) {
                return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
              }

              @Override
              public String deserialize(byte[] bytes) {
                throw new IllegalArgumentException("unreadable element");
              }
            });
    store =
        KeyedStateStore.builder(
                TestStates.options(dir, false, false),
                Serializers.string(),
                KeyGroupRange.of(0, 127),
                128)
            .declare(failing)
            .open();
    controller =
        ExecutionController.create(store, ExecutionSettings.defaults(), DelayScheduler.never());
    controller.submit("a", () -> controller.state(failing).get());
    AsyncExecutionException e = assertThrows(AsyncExecutionException.class, controller::drain);
    assertEquals("unreadable element", e.getCause().getMessage());
  }

  @Test
  void badInputGetsClearErrors() throws Exception {
    threaded(ExecutionSettings.defaults().toBuilder());
    IllegalArgumentException nullKey =
        assertThrows(IllegalArgumentException.class, () -> controller.submit(null, () -> {}));
    assertTrue(nullKey.getMessage().contains("key must not be null"));
    IllegalStateException outside =
        assertThrows(IllegalStateException.class, () -> value().value());
    assertTrue(outside.getMessage().contains("outside a keyed context"), outside.getMessage());
    AtomicReference<Throwable> other = new AtomicReference<>();
    Thread t = new Thread(() -> other.set(catching(() -> controller.submit("a", () -> {}))));
    t.start();
    t.join();
    assertTrue(other.get() instanceof IllegalStateException, String.valueOf(other.get()));
    IllegalArgumentException undeclared =
        assertThrows(
            IllegalArgumentException.class,
            () -> controller.state(StateDescriptor.value("nope", Serializers.longs())));
    assertTrue(undeclared.getMessage().contains("not declared"), undeclared.getMessage());
    controller.submit("a", () -> {});
    controller.drain();
    assertNull(controller.failure(), "bad calls refused up front do not fail the job");
  }

  @Test
  void aKeyOutsideTheStoresKeyGroupsIsRefused() throws Exception {
    store =
        KeyedStateStore.builder(
                TestStates.options(dir, false, false),
                Serializers.string(),
                KeyGroupRange.of(0, 0),
                128)
            .declare(TestStates.VALUE)
            .open();
    controller =
        ExecutionController.create(store, ExecutionSettings.defaults(), DelayScheduler.never());
    String outside = "x";
    for (int i = 0; KeyGroups.assign(outside.hashCode(), 128) == 0; i++) {
      outside = "x" + i;
    }
    String key = outside;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> controller.submit(key, () -> {}));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
