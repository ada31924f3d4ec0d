package io.sediment.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model check: random keyed streams of records, each with a random sequence of operations over
 * every state kind (chained or fire-and-forget), with watermarks whose trigger actions fire timers
 * (records of their own), run through the controller in several configurations and compared with a
 * sequential reference run. Also checks that records of one key start in arrival order and never
 * overlap, and that every epoch action runs once, after the records before it.
 *
 * <p>{@code -Dstream.seeds=N} runs N seeds per configuration (default 2); {@code -Dstream.seed=S}
 * replays one seed; {@code -Dstream.events=N} sets the stream length (300).
 */
class StateModelTest {

  @TempDir Path dir;

  record Config(
      String name, ExecutionSettings settings, boolean latency, boolean cacheOff, boolean timer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> runs() {
    ExecutionSettings.Builder d = ExecutionSettings.defaults().toBuilder();
    List<Config> configs =
        List.of(
            new Config("sync", d.executionMode(ExecutionMode.SYNC).build(), false, false, false),
            new Config(
                "async-buffer1-limit1",
                base().bufferSize(1).inFlightRecordsLimit(1).build(),
                false,
                false,
                false),
            new Config(
                "async-buffer7-limit5-chunk2",
                base().bufferSize(7).inFlightRecordsLimit(5).iteratorChunkSize(2).build(),
                false,
                false,
                false),
            new Config("async-defaults", base().iteratorChunkSize(3).build(), false, false, false),
            new Config(
                "async-latency-fs-no-cache",
                base().bufferSize(16).inFlightRecordsLimit(64).iteratorChunkSize(2).build(),
                true,
                true,
                false),
            new Config(
                "async-parallel-epochs",
                base()
                    .bufferSize(5)
                    .inFlightRecordsLimit(20)
                    .epochMode(EpochMode.PARALLEL_BETWEEN_EPOCHS)
                    .build(),
                false,
                false,
                false),
            new Config(
                "async-buffer-timeout-1ms",
                base().bufferTimeout(Duration.ofMillis(1)).inFlightRecordsLimit(30).build(),
                false,
                true,
                true));
    List<Long> seeds = new ArrayList<>();
    String one = System.getProperty("stream.seed");
    if (one != null) {
      seeds.add(Long.parseLong(one));
    } else {
      int n = Integer.getInteger("stream.seeds", 2);
      Random r = new Random(20261207L);
      for (int i = 0; i < n; i++) {
        seeds.add(r.nextLong());
      }
    }
    return configs.stream().flatMap(c -> seeds.stream().map(s -> Arguments.of(c, s)));
  }

  private static ExecutionSettings.Builder base() {
    return ExecutionSettings.defaults().toBuilder();
  }

  /** A record of a key with its operations, or a watermark with the timers it fires. */
  record Event(String key, List<StateOp> ops, List<Event> timers, boolean flush) {}

  static List<Event> generate(long seed, int count, boolean timers) {
    Random r = new Random(seed);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (r.nextInt(20) == 0) {
        List<Event> fired = new ArrayList<>();
        for (int t = timers ? r.nextInt(3) : 0; t > 0; t--) {
          fired.add(new Event("k" + r.nextInt(24), StateOp.generate(r), null, false));
        }
        events.add(new Event(null, null, fired, r.nextBoolean()));
      } else {
        events.add(new Event("k" + r.nextInt(24), StateOp.generate(r), null, false));
      }
    }
    return events;
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("runs")
  void agreesWithTheSequentialReference(Config config, long seed) throws Exception {
    int count = Integer.getInteger("stream.events", 300);
    boolean timers = config.settings().epochMode() == EpochMode.SERIAL_BETWEEN_EPOCHS;
    List<Event> events = generate(seed, count, timers);
    String replay = " (config " + config + ", replay with -Dstream.seed=" + seed + ")";
    Map<String, String> expected = reference(events);
    ScheduledExecutorService timerThread =
        config.timer() ? Executors.newSingleThreadScheduledExecutor() : null;
    DelayScheduler scheduler =
        timerThread == null ? DelayScheduler.never() : DelayScheduler.of(timerThread);
    try (KeyedStateStore<String> store =
        TestStates.open(
            TestStates.options(dir, config.latency(), config.cacheOff()), Clock.systemUTC())) {
      Run run;
      try (ExecutionController<String> c =
          ExecutionController.create(store, config.settings(), scheduler)) {
        run = new Run(c, store);
        try {
          run.all(events);
        } catch (AsyncExecutionException e) {
          throw new AssertionError(e.getCause() + replay, e);
        }
        assertTrue(
            c.peakInFlightRecords() <= config.settings().inFlightRecordsLimit(),
            "peak " + c.peakInFlightRecords() + replay);
      }
      for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
        assertEquals(e.getValue(), run.outputs.get(e.getKey()), "answer " + e.getKey() + replay);
      }
      assertEquals(expected.size(), run.outputs.size(), "answers" + replay);
      assertEquals(run.expectedOrder, run.startedOrder, "per-key order" + replay);
      assertEquals(run.watermarks, run.finals, "epoch actions once each, in order" + replay);
    } finally {
      if (timerThread != null) {
        timerThread.shutdownNow();
      }
    }
  }

  private static Map<String, String> reference(List<Event> events) {
    StateModel model = new StateModel();
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      if (e.key() != null) {
        apply(model, out, "r" + i, e);
      } else {
        for (int t = 0; t < e.timers().size(); t++) {
          apply(model, out, "w" + i + "t" + t, e.timers().get(t));
        }
      }
    }
    return out;
  }

  private static void apply(StateModel model, Map<String, String> out, String id, Event e) {
    for (int j = 0; j < e.ops().size(); j++) {
      out.put(id + "/" + j, model.apply(e.key(), e.ops().get(j)));
    }
  }

  /** One run through a controller, with what it observed. */
  private static final class Run {
    final ExecutionController<String> c;
    final KeyedStateStore<String> store;
    final StateOps ops;
    final Map<String, String> outputs = new HashMap<>();
    final Map<String, List<String>> expectedOrder = new TreeMap<>();
    final Map<String, List<String>> startedOrder = new TreeMap<>();
    final Set<String> active = new HashSet<>();
    final Set<String> finished = new HashSet<>();
    final List<String> submitted = new ArrayList<>();
    final List<Integer> watermarks = new ArrayList<>();
    final List<Integer> finals = new ArrayList<>();

    Run(ExecutionController<String> c, KeyedStateStore<String> store) {
      this.c = c;
      this.store = store;
      this.ops = new StateOps(c);
    }

    void all(List<Event> events) throws IOException {
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        if (e.key() != null) {
          submit("r" + i, e);
        } else {
          watermark(i, e);
        }
        if (i == events.size() / 2) {
          c.drain();
          store.db().compactRange(null, null);
        }
      }
      c.drain();
    }

    private void watermark(int index, Event e) {
      List<String> before = List.copyOf(submitted);
      List<String> timerIds = new ArrayList<>();
      watermarks.add(index);
      c.closeEpoch(
          () -> {
            assertTrue(finished.containsAll(before), "trigger before its records finished");
            for (int t = 0; t < e.timers().size(); t++) {
              String id = "w" + index + "t" + t;
              timerIds.add(id);
              submit(id, e.timers().get(t));
            }
          },
          () -> {
            assertTrue(finished.containsAll(timerIds), "watermark before its timers finished");
            assertFalse(finals.contains(index), "watermark " + index + " emitted twice");
            finals.add(index);
            if (e.flush()) {
              try {
                store.db().flush();
              } catch (IOException x) {
                throw new UncheckedIOException(x);
              }
            }
          });
    }

    private void submit(String id, Event e) {
      String key = e.key();
      submitted.add(id);
      expectedOrder.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
      c.submit(
          key,
          () -> {
            assertFalse(active.contains(key), "two records of " + key + " at once");
            active.add(key);
            startedOrder.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
            int[] left = {e.ops().size()};
            issueFrom(id, key, e.ops(), 0, left);
          });
    }

    private StateFuture<String> issueFrom(
        String id, String key, List<StateOp> list, int from, int[] left) {
      StateFuture<String> last = null;
      for (int j = from; j < list.size(); j++) {
        StateOp op = list.get(j);
        if (last != null && op.await()) {
          int at = j;
          return last.thenCompose(x -> issueFrom(id, key, list, at, left));
        }
        String answer = id + "/" + j;
        last = ops.issue(op);
        last.thenAccept(
            out -> {
              outputs.put(answer, out);
              if (--left[0] == 0) {
                active.remove(key);
                finished.add(id);
              }
            });
      }
      return last;
    }
  }
}
