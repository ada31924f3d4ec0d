package io.sediment.stream.runtime;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A bounded FIFO from one source split to one operator instance. The split's thread blocks while it
 * is full (backpressure); the instance's task thread polls it without blocking and is woken by
 * {@link OperatorTask#signal()} after each put.
 */
final class Channel {

  private final ArrayBlockingQueue<Element> queue;
  private final OperatorTask<?, ?, ?> consumer;

  Channel(int capacity, OperatorTask<?, ?, ?> consumer) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.consumer = consumer;
  }

  /** Appends {@code e}, waiting while the channel is full. */
  void put(Element e) throws InterruptedException {
    queue.put(e);
    consumer.signal();
  }

  /** Whether an element is there. */
  boolean hasNext() {
    return !queue.isEmpty();
  }

  /** The next element, or null if none is there. */
  Element poll() {
    return queue.poll();
  }
}
