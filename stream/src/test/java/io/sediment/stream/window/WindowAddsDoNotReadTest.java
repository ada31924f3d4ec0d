package io.sediment.stream.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.DbOptions;
import io.sediment.stream.DelayScheduler;
import io.sediment.stream.ExecutionController;
import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.KeyedStateStore;
import io.sediment.stream.NamespacedState;
import io.sediment.stream.Serializer;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.OutputTag;
import io.sediment.stream.window.WindowTestFunctions.Ev;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding elements to tumbling and sliding windows with an aggregate function issues only merges:
 * the controller sends exactly one request per element and window, and none of them reads (a read
 * would be one more request). Run through a real controller and store, with a context that records
 * the timers instead of firing them.
 */
class WindowAddsDoNotReadTest {

  @TempDir Path tmp;

  @Test
  void addingAnElementIsOneMergePerWindowAndNoRead() throws Exception {
    check(WindowAssigner.tumblingEventTime(Duration.ofMillis(100)), 1, "tumbling");
    check(
        WindowAssigner.slidingEventTime(Duration.ofMillis(100), Duration.ofMillis(25)),
        4,
        "sliding");
  }

  private void check(WindowAssigner assigner, int windowsPerElement, String name) throws Exception {
    WindowOperator<Ev, String, String> operator = WindowTestFunctions.operator(assigner, true);
    try (KeyedStateStore<String> store =
        KeyedStateStore.builder(
                DbOptions.builder(tmp.resolve(name).toUri().toString()),
                Serializers.string(),
                KeyGroupRange.of(0, 127),
                128)
            .declare(operator.states().toArray(StateDescriptor<?>[]::new))
            .open()) {
      ExecutionController<String> controller =
          ExecutionController.create(
              store, ExecutionSettings.parse("buffer-size=10"), DelayScheduler.never());
      List<Long> timers = new ArrayList<>();
      KeyedProcessor<Ev> processor = operator.open(new RecordingContext(controller, timers));
      int elements = 500;
      for (int i = 0; i < elements; i++) {
        Ev e = new Ev("k" + i % 7, 1000 + 3L * i, i, 0);
        controller.submit(e.key(), () -> processor.process(e, e.timestamp()));
      }
      controller.drain();
      assertEquals((long) elements * windowsPerElement, controller.requestsSent(), name);
      assertTrue(!timers.isEmpty(), name + " registers the windows' timers");
      controller.close();
    }
  }

  /** A context over a controller that records timer registrations. */
  private record RecordingContext(ExecutionController<String> controller, List<Long> timers)
      implements OperatorContext<String, String> {

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
    public String currentKey() {
      return controller.currentKey();
    }

    @Override
    public void emit(String record) {
      throw new AssertionError("nothing fires here: " + record);
    }

    @Override
    public void registerEventTimeTimer(long timestamp) {
      timers.add(timestamp);
    }

    @Override
    public void deleteEventTimeTimer(long timestamp) {
      throw new AssertionError("fixed windows delete no timer");
    }

    @Override
    public void registerProcessingTimeTimer(long timestamp) {
      throw new AssertionError("event-time windows");
    }

    @Override
    public void deleteProcessingTimeTimer(long timestamp) {
      throw new AssertionError("event-time windows");
    }

    @Override
    public long currentProcessingTime() {
      return 0;
    }

    @Override
    public <X> void output(OutputTag<X> tag, X record) {
      throw new AssertionError("nothing is late here");
    }

    @Override
    public long currentWatermark() {
      return Long.MIN_VALUE;
    }

    @Override
    public int instance() {
      return 0;
    }

    @Override
    public KeyGroupRange keyGroups() {
      return KeyGroupRange.of(0, 127);
    }
  }
}
