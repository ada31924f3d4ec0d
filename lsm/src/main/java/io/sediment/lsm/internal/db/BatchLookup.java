package io.sediment.lsm.internal.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lookups of one {@code multiGet}, shared between the calling thread and helpers on the read
 * executor, so that lookups waiting on remote storage overlap instead of queueing behind each
 * other.
 *
 * <p>Every participant takes the next key not yet taken until none is left. The caller starts one
 * helper and each helper, as it starts, starts two more while keys remain (up to {@code maxHelpers}
 * in all). When lookups are served from memory the caller takes most keys before a helper gets
 * going, and the batch costs about one hand-off; when they block on I/O, helpers keep arriving and
 * take the keys the blocked ones cannot, until the batch runs {@code maxHelpers + 1} wide.
 *
 * <p>{@link #run()} returns only after every lookup has finished (the caller's read view stays
 * pinned for them), whatever happens: a lookup failure is rethrown once all are done, an interrupt
 * of the caller is kept for after. Keys no helper took are done by the caller, so a saturated or
 * shut-down executor only makes the batch sequential.
 */
final class BatchLookup {

  /** One point lookup against the batch's pinned view. */
  @FunctionalInterface
  interface Lookup {
    byte[] get(byte[] key) throws IOException;
  }

  private final List<byte[]> keys;
  private final Lookup lookup;
  private final Executor executor;
  private final int maxHelpers;
  private final byte[][] values;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger helpers = new AtomicInteger();
  private final CountDownLatch done;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  BatchLookup(List<byte[]> keys, Lookup lookup, Executor executor, int maxHelpers) {
    this.keys = keys;
    this.lookup = lookup;
    this.executor = executor;
    this.maxHelpers = Math.max(0, Math.min(maxHelpers, keys.size() - 1));
    this.values = new byte[keys.size()][];
    this.done = new CountDownLatch(keys.size());
  }

  /**
   * Looks up every key; values in key order, null where absent.
   *
   * @throws IOException the first lookup failure, after every lookup has finished
   */
  List<byte[]> run() throws IOException {
    startHelper();
    work();
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // helpers still read the pinned view: wait for them all the same
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return Arrays.asList(values);
  }

  private void helper() {
    // Two more per helper: the batch reaches its full width after a handful of hand-offs (each a
    // thread wake-up, slow on a busy machine) instead of one hand-off per helper.
    for (int i = 0; i < 2 && next.get() < keys.size(); i++) {
      startHelper();
    }
    work();
  }

  private void startHelper() {
    if (helpers.getAndIncrement() >= maxHelpers) {
      return;
    }
    try {
      executor.execute(this::helper);
    } catch (RejectedExecutionException e) {
      // Closed or saturated: the participants already running take the keys.
    }
  }

  private void work() {
    for (int i = next.getAndIncrement(); i < keys.size(); i = next.getAndIncrement()) {
      try {
        if (failure.get() == null) {
          values[i] = lookup.get(keys.get(i));
        }
      } catch (IOException | RuntimeException | Error e) {
        failure.compareAndSet(null, e);
      } finally {
        done.countDown();
      }
    }
  }
}
