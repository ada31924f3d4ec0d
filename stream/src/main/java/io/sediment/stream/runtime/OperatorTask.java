package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.stream.DelayScheduler;
import io.sediment.stream.ExecutionController;
import io.sediment.stream.KeyedStateStore;
import io.sediment.stream.NamespacedState;
import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instance of a keyed stage: its task thread drives an {@link ExecutionController} over the
 * instance's own store. It reads its input channels (one per source split for the first stage, one
 * per instance of the stage before otherwise) round robin and handles each element:
 *
 * <ul>
 *   <li>a record is submitted to the controller under its key;
 *   <li>a watermark raises its channel's watermark; when the smallest over the channels rises, an
 *       epoch closes whose trigger action fires the event-time timers up to it and whose final
 *       action forwards the watermark to the next stage, if any;
 *   <li>a barrier blocks its channel (alignment: later records of that channel wait); once every
 *       channel that has not ended delivered it, an epoch closes whose final action, which runs
 *       once every record before the barrier finished, stages the sink output, checkpoints the
 *       store through {@link CheckpointStorage} (zero copy), acknowledges to the coordinator and
 *       forwards the barrier to the next stage, if any. No record after the barrier starts before
 *       that (also in parallel-between-epochs mode); then the channels are unblocked;
 *   <li>at the end of every channel the controller drains, the instance ends the next stage's
 *       channels, if any, and ends.
 * </ul>
 *
 * Output goes to the sink's writer in the last stage, and to an {@link Exchange} (keyed by the next
 * stage, nothing staged) in the others.
 *
 * <p>Processing-time timers due by the runtime's clock fire between elements (the task thread
 * checks the clock on every turn of its loop, waits no longer than the next timer when idle, and
 * checks once more when the records before a barrier have finished, so a timer due then belongs to
 * that checkpoint). Timers not due when the input ends do not fire.
 *
 * @param <T> the input record type
 * @param <K> the key type
 * @param <R> the output type
 */
final class OperatorTask<T, K, R> implements Runnable, OperatorContext<K, R> {

  private static final Duration IDLE_WAIT = Duration.ofMillis(50);

  private final int index;
  private final int slot;
  private final KeyGroupRange keyGroups;
  private final KeyedOperator<T, K, R> operator;
  private final Serializer<K> keySerializer;
  private final RuntimeSettings settings;
  private final KeyedStateStore.Builder<K> storeBuilder;
  private final KeyedStateStore.Opener opener;
  private final CheckpointStorage storage;
  private final DelayScheduler scheduler;
  private final SinkWriter<R> writer;
  private final Downstream downstream;
  private final Map<String, SinkWriter<?>> sideWriters;
  private final List<OutputTag<?>> declaredTags;
  private final Clock clock;
  private final CheckpointCoordinator coordinator;
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private List<Channel> channels;
  private volatile ExecutionController<K> controller;
  private KeyedStateStore<K> store;
  private KeyedTimers<K> timers;
  private KeyedTimers<K> processingTimers;
  private KeyedProcessor<T> processor;
  private long watermark = Long.MIN_VALUE;
  private long[] channelWatermarks;
  private boolean[] blocked;
  private boolean[] ended;
  private long barrier = -1;
  private boolean snapshotDone;

  OperatorTask(
      int index,
      int slot,
      KeyGroupRange keyGroups,
      KeyedOperator<T, K, R> operator,
      Serializer<K> keySerializer,
      RuntimeSettings settings,
      KeyedStateStore.Builder<K> storeBuilder,
      KeyedStateStore.Opener opener,
      CheckpointStorage storage,
      DelayScheduler scheduler,
      SinkWriter<R> writer,
      Downstream downstream,
      Map<String, SinkWriter<?>> sideWriters,
      CheckpointCoordinator coordinator) {
    this.index = index;
    this.slot = slot;
    this.keyGroups = keyGroups;
    this.operator = operator;
    this.keySerializer = keySerializer;
    this.settings = settings;
    this.storeBuilder = storeBuilder;
    this.opener = opener;
    this.storage = storage;
    this.scheduler = scheduler;
    this.writer = writer;
    this.downstream = downstream;
    this.sideWriters = sideWriters;
    this.declaredTags = List.copyOf(operator.sideOutputs());
    this.clock = settings.clock();
    this.coordinator = coordinator;
  }

  /** Connects the input channels, one per source split, before the thread starts. */
  void connect(List<Channel> inputs) {
    this.channels = List.copyOf(inputs);
    this.channelWatermarks = new long[inputs.size()];
    Arrays.fill(channelWatermarks, Long.MIN_VALUE);
    this.blocked = new boolean[inputs.size()];
    this.ended = new boolean[inputs.size()];
  }

  /** Wakes the task thread if it waits for input; any thread. */
  void signal() {
    if (sleeping.compareAndSet(true, false)) {
      ExecutionController<K> c = controller;
      if (c != null) {
        c.post(() -> {});
      }
    }
  }

  @Override
  public void run() {
    try {
      store = storeBuilder.open(opener);
      timers = timers(KeyedTimers.EVENT_TIME);
      processingTimers = timers(KeyedTimers.PROCESSING_TIME);
      controller = ExecutionController.create(store, settings.execution(), scheduler);
      processor = operator.open(this);
      loop();
    } catch (Exception | Error e) {
      coordinator.fail(e);
    } finally {
      close();
    }
  }

  private KeyedTimers<K> timers(String domain) throws IOException {
    KeyedTimers<K> t =
        new KeyedTimers<>(domain, store.db(), keySerializer, keyGroups, settings.maxParallelism());
    t.load();
    return t;
  }

  private void loop() throws IOException {
    int open = channels.size();
    while (open > 0) {
      fireProcessingTimers();
      boolean read = false;
      for (int c = 0; c < channels.size(); c++) {
        if (blocked[c] || ended[c]) {
          continue;
        }
        Element e = channels.get(c).poll();
        if (e == null) {
          continue;
        }
        read = true;
        if (e instanceof Element.EndOfInput) {
          ended[c] = true;
          open--;
          checkpointIfAligned();
        } else {
          handle(c, e);
        }
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("instance " + index + " was cancelled");
      }
      if (read) {
        controller.runMailbox();
      } else {
        sleeping.set(true);
        if (hasInput()) {
          sleeping.set(false);
        } else {
          controller.awaitMail(idleWait());
          sleeping.set(false);
        }
      }
    }
    controller.drain();
    downstream.end();
  }

  /** How long an idle task thread waits: until the next processing-time timer, at most a while. */
  private Duration idleWait() {
    long next = processingTimers.nextTimestamp();
    if (next == Long.MAX_VALUE) {
      return IDLE_WAIT;
    }
    long now = clock.millis();
    if (next <= now) {
      return Duration.ofMillis(1); // due: the next turn fires it
    }
    long wait = next - now; // negative if it overflowed: far away
    return wait > 0 && wait < IDLE_WAIT.toMillis() ? Duration.ofMillis(wait) : IDLE_WAIT;
  }

  /** Submits the processing-time timers the clock has reached, oldest first. */
  private void fireProcessingTimers() {
    long now = clock.millis();
    if (processingTimers.nextTimestamp() > now) {
      return;
    }
    try {
      for (KeyedTimers.Timer<K> t : processingTimers.pollUpTo(now)) {
        long at = t.timestamp();
        controller.submit(t.key(), () -> processor.onProcessingTime(at));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("firing the processing-time timers of instance " + index, e);
    }
  }

  private boolean hasInput() {
    for (int c = 0; c < channels.size(); c++) {
      if (!blocked[c] && !ended[c] && channels.get(c).hasNext()) {
        return true;
      }
    }
    return false;
  }

  private void handle(int channel, Element e) {
    if (e instanceof Element.Data<?, ?> d) {
      submit(d);
    } else if (e instanceof Element.Watermark w) {
      channelWatermarks[channel] = Math.max(channelWatermarks[channel], w.timestamp());
      advanceWatermark();
    } else if (e instanceof Element.Barrier b) {
      if (barrier >= 0 && barrier != b.checkpointId()) {
        throw new IllegalStateException(
            "instance "
                + index
                + " got barrier "
                + b.checkpointId()
                + " while aligning "
                + barrier);
      }
      barrier = b.checkpointId();
      blocked[channel] = true;
      checkpointIfAligned();
    } else {
      throw new IllegalStateException("instance " + index + " cannot handle " + e);
    }
  }

  @SuppressWarnings("unchecked")
  private void submit(Element.Data<?, ?> d) {
    T value = (T) d.value();
    long timestamp = d.timestamp();
    controller.submit((K) d.key(), () -> processor.process(value, timestamp));
  }

  private void advanceWatermark() {
    long min = Long.MAX_VALUE;
    for (long w : channelWatermarks) {
      min = Math.min(min, w);
    }
    if (min <= watermark) {
      return;
    }
    long next = min;
    controller.closeEpoch(
        () -> {
          watermark = next;
          fireTimers(next);
        },
        () -> forward(() -> downstream.watermark(next)));
  }

  private void fireTimers(long upTo) {
    try {
      for (KeyedTimers.Timer<K> t : timers.pollUpTo(upTo)) {
        long at = t.timestamp();
        controller.submit(t.key(), () -> processor.onTimer(at));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("firing the timers of instance " + index, e);
    }
  }

  private void checkpointIfAligned() {
    if (barrier < 0) {
      return;
    }
    for (int c = 0; c < channels.size(); c++) {
      if (!blocked[c] && !ended[c]) {
        return;
      }
    }
    long id = barrier;
    snapshotDone = false;
    controller.closeEpoch(
        this::fireProcessingTimers,
        () -> {
          snapshot(id);
          forward(() -> downstream.barrier(id));
          snapshotDone = true;
        });
    while (!snapshotDone) {
      controller.awaitMail(IDLE_WAIT);
    }
    barrier = -1;
    Arrays.fill(blocked, false);
  }

  private void snapshot(long id) {
    try {
      byte[] staged = writer.prepare(id);
      Map<String, byte[]> sideStaged = new LinkedHashMap<>();
      for (Map.Entry<String, SinkWriter<?>> e : sideWriters.entrySet()) {
        sideStaged.put(e.getKey(), e.getValue().prepare(id));
      }
      CheckpointHandle h = storage.checkpoint(store.db(), CompletedCheckpoint.storageId(id, slot));
      coordinator.instanceAcknowledged(id, slot, keyGroups, h.toBytes(), staged, sideStaged);
    } catch (IOException e) {
      throw new UncheckedIOException("instance " + index + " could not take checkpoint " + id, e);
    }
  }

  /** An action that hands something on downstream. */
  private interface Forwarding {
    void run() throws IOException;
  }

  private void forward(Forwarding action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException("instance " + index + " could not hand on downstream", e);
    }
  }

  private void close() {
    ExecutionController<K> c = controller;
    if (c != null) {
      c.close();
    }
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      coordinator.fail(e);
    }
    for (SinkWriter<?> w : sideWriters.values()) {
      try {
        w.close();
      } catch (IOException | RuntimeException e) {
        coordinator.fail(e);
      }
    }
    if (store != null) {
      try {
        store.close();
      } catch (IOException | RuntimeException e) {
        coordinator.fail(e);
      }
    }
  }

  // ---------------------------------------------------------------- OperatorContext

  @Override
  public <S> S state(StateDescriptor<S> descriptor) {
    return controller.state(descriptor);
  }

  @Override
  public <N, S> NamespacedState<N, S> state(
      StateDescriptor<S> descriptor, Serializer<N> namespaces) {
    return controller.state(descriptor, namespaces);
  }

  @Override
  public K currentKey() {
    return controller.currentKey();
  }

  @Override
  public void emit(R record) {
    if (record == null) {
      throw new IllegalArgumentException("an emitted record must not be null");
    }
    try {
      writer.write(record);
    } catch (IOException e) {
      throw new UncheckedIOException("instance " + index + " could not write to its sink", e);
    }
  }

  @Override
  public <X> void output(OutputTag<X> tag, X record) {
    if (tag == null || record == null) {
      throw new IllegalArgumentException("tag and record must not be null: " + tag);
    }
    if (!declaredTags.contains(tag)) {
      throw new IllegalArgumentException("the operator does not declare side output " + tag.id());
    }
    @SuppressWarnings("unchecked")
    SinkWriter<X> w = (SinkWriter<X>) sideWriters.get(tag.id());
    if (w == null) {
      return; // the job keeps no sink for this tag
    }
    try {
      w.write(record);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "instance " + index + " could not write to side output " + tag.id(), e);
    }
  }

  @Override
  public void registerEventTimeTimer(long timestamp) {
    changeTimer(timers, timestamp, true);
  }

  @Override
  public void deleteEventTimeTimer(long timestamp) {
    changeTimer(timers, timestamp, false);
  }

  @Override
  public void registerProcessingTimeTimer(long timestamp) {
    changeTimer(processingTimers, timestamp, true);
  }

  @Override
  public void deleteProcessingTimeTimer(long timestamp) {
    changeTimer(processingTimers, timestamp, false);
  }

  private void changeTimer(KeyedTimers<K> domain, long timestamp, boolean register) {
    K key = controller.currentKey();
    int keyGroup = KeyGroups.assign(key.hashCode(), settings.maxParallelism());
    try {
      if (register) {
        domain.register(key, keyGroup, timestamp);
      } else {
        domain.delete(key, keyGroup, timestamp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("instance " + index + " could not record a timer", e);
    }
  }

  @Override
  public long currentProcessingTime() {
    return clock.millis();
  }

  @Override
  public long currentWatermark() {
    return watermark;
  }

  @Override
  public int instance() {
    return index;
  }

  @Override
  public KeyGroupRange keyGroups() {
    return keyGroups;
  }

  @Override
  public String toString() {
    return "instance "
        + index
        + " of "
        + settings.parallelism()
        + " ("
        + keyGroups
        + ", slot "
        + slot
        + ")";
  }
}
