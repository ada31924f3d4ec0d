package io.sediment.jmh;

import io.sediment.stream.ExecutionController;
import io.sediment.stream.ListState;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;

/**
 * The keyed read-modify-write operator of the stream benchmark: per record, the key's counter
 * ({@link ValueState}) is read and written back incremented, and the record's sequence number is
 * appended to the key's list ({@link ListState#add}, a merge: no read). So each record costs one
 * point read and two writes, the read on the record's critical path.
 *
 * <p>Bound to one controller (and so to its task thread). {@link #load} gives a key its first
 * counter and list element without reading; {@link #process} requires the key to have been loaded,
 * and fails the controller's job with an {@link IllegalStateException} naming the key otherwise.
 */
final class StreamRmwJob {

  static final StateDescriptor<ValueState<Long>> COUNT =
      StateDescriptor.value("count", Serializers.longs());
  static final StateDescriptor<ListState<Long>> EVENTS =
      StateDescriptor.list("events", Serializers.longs());

  private final ExecutionController<Long> controller;
  private final ValueState<Long> count;
  private final ListState<Long> events;
  private long completed;

  StreamRmwJob(ExecutionController<Long> controller) {
    this.controller = controller;
    this.count = controller.state(COUNT);
    this.events = controller.state(EVENTS);
  }

  /** Submits the record that creates {@code key}'s state: counter 1, list of one element. */
  void load(long key, long sequence) {
    controller.submit(
        key,
        () -> {
          count.update(1L);
          events.add(sequence);
          completed++;
        });
  }

  /** Submits one read-modify-write record of {@code key}. */
  void process(long key, long sequence) {
    controller.submit(
        key,
        () -> {
          events.add(sequence);
          count
              .value()
              .thenCompose(
                  n -> {
                    if (n == null) {
                      throw new IllegalStateException("key " + key + " has no counter");
                    }
                    completed++;
                    return count.update(n + 1);
                  });
        });
  }

  /** Records whose counter was read (processed) or written (loaded) so far. */
  long completed() {
    return completed;
  }
}
