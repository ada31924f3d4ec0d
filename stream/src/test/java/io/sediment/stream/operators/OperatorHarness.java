package io.sediment.stream.operators;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.DbOptions;
import io.sediment.stream.DelayScheduler;
import io.sediment.stream.ExecutionController;
import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.KeyedStateStore;
import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs one keyed operator on a real store (all key groups) through a real execution controller, on
 * the test's thread: records, watermarks that fire event-time timers (kept in memory), and the
 * output per key in emission order (the controller keeps each key's order; keys interleave).
 */
final class OperatorHarness<T, K, R> implements OperatorContext<K, R>, AutoCloseable {

  static final int MAX_PARALLELISM = 16;

  /** The controller settings the operator tests run in: sync and async. */
  static final List<String> MODES =
      List.of(
          "execution-mode=sync",
          "buffer-size=7,in-flight-records-limit=20",
          "buffer-size=64,epoch-mode=parallel-between-epochs");

  private final KeyedStateStore<K> store;
  private final ExecutionController<K> controller;
  private final ScheduledExecutorService scheduler;
  private final KeyedProcessor<T> processor;
  private final TreeMap<Long, Set<K>> timers = new TreeMap<>();
  private final Map<K, List<R>> output = new LinkedHashMap<>();
  private final Clock clock;
  private long watermark = Long.MIN_VALUE;

  OperatorHarness(
      Path dir, KeyedOperator<T, K, R> operator, Serializer<K> keys, String settings, Clock clock)
      throws IOException {
    store =
        KeyedStateStore.builder(
                DbOptions.builder(dir.toUri().toString()),
                keys,
                KeyGroupRange.of(0, MAX_PARALLELISM - 1),
                MAX_PARALLELISM)
            .declare(operator.states().toArray(StateDescriptor<?>[]::new))
            .clock(clock)
            .open();
    this.clock = clock;
    scheduler = Executors.newSingleThreadScheduledExecutor();
    controller =
        ExecutionController.create(
            store, ExecutionSettings.parse(settings), DelayScheduler.of(scheduler));
    processor = operator.open(this);
  }

  /** Submits {@code record} of {@code key} at event time {@code timestamp}. */
  void process(K key, T record, long timestamp) {
    controller.submit(key, () -> processor.process(record, timestamp));
  }

  /** Raises the watermark to {@code to}, firing the timers up to it. */
  void watermark(long to) {
    controller.closeEpoch(
        () -> {
          watermark = Math.max(watermark, to);
          while (!timers.isEmpty() && timers.firstKey() <= watermark) {
            Map.Entry<Long, Set<K>> due = timers.pollFirstEntry();
            long at = due.getKey();
            for (K key : due.getValue()) {
              controller.submit(key, () -> processor.onTimer(at));
            }
          }
        },
        () -> {});
  }

  /** Waits for every record to finish; the output per key. */
  Map<K, List<R>> finish() {
    controller.drain();
    return output;
  }

  /** The operator's store. */
  io.sediment.lsm.Db db() {
    return store.db();
  }

  int pendingTimers() {
    return timers.values().stream().mapToInt(Set::size).sum();
  }

  @Override
  public <S> S state(StateDescriptor<S> descriptor) {
    return controller.state(descriptor);
  }

  @Override
  public <N, S> io.sediment.stream.NamespacedState<N, S> state(
      StateDescriptor<S> descriptor, Serializer<N> namespaces) {
    return controller.state(descriptor, namespaces);
  }

  @Override
  public void deleteEventTimeTimer(long timestamp) {
    Set<K> at = timers.get(timestamp);
    if (at != null && at.remove(controller.currentKey()) && at.isEmpty()) {
      timers.remove(timestamp);
    }
  }

  @Override
  public void registerProcessingTimeTimer(long timestamp) {
    throw new IllegalStateException("the operator tests use event time only");
  }

  @Override
  public void deleteProcessingTimeTimer(long timestamp) {
    throw new IllegalStateException("the operator tests use event time only");
  }

  @Override
  public long currentProcessingTime() {
    return clock.millis();
  }

  @Override
  public <X> void output(io.sediment.stream.runtime.OutputTag<X> tag, X record) {
    throw new IllegalStateException("the operators under test have no side outputs: " + tag);
  }

  @Override
  public K currentKey() {
    return controller.currentKey();
  }

  @Override
  public void emit(R record) {
    output.computeIfAbsent(controller.currentKey(), k -> new ArrayList<>()).add(record);
  }

  @Override
  public void registerEventTimeTimer(long timestamp) {
    timers.computeIfAbsent(timestamp, t -> new LinkedHashSet<>()).add(controller.currentKey());
  }

  @Override
  public long currentWatermark() {
    return watermark;
  }

  @Override
  public int instance() {
    return 0;
  }

  @Override
  public KeyGroupRange keyGroups() {
    return store.keyGroups();
  }

  @Override
  public void close() throws IOException {
    controller.close();
    scheduler.shutdownNow();
    store.close();
  }
}
