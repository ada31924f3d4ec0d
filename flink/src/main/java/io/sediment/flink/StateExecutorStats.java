package io.sediment.flink;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide counts of the batches the State V2 executors of this JVM ran: batches, requests in
 * them, and the largest batch. Monotonic; read by monitoring and tests.
 */
final class StateExecutorStats {

  private static final AtomicLong BATCHES = new AtomicLong();
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final AtomicLong LARGEST = new AtomicLong();

  private StateExecutorStats() {}

  /** Counts one batch of {@code size} requests. */
  static void batch(int size) {
    BATCHES.incrementAndGet();
    REQUESTS.addAndGet(size);
    LARGEST.accumulateAndGet(size, Math::max);
  }

  /** Batches run so far. */
  static long batches() {
    return BATCHES.get();
  }

  /** Requests run in batches so far. */
  static long requests() {
    return REQUESTS.get();
  }

  /** Requests of the largest batch so far. */
  static long largestBatch() {
    return LARGEST.get();
  }
}
