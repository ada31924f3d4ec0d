package io.sediment.lsm.internal.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lookups of a multiGet shared between the caller and helpers on the read executor. */
class BatchLookupTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  private static List<byte[]> keys(int n) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(("k" + i).getBytes(StandardCharsets.UTF_8));
    }
    return keys;
  }

  private static byte[] valueOf(byte[] key) {
    return key[key.length - 1] % 3 == 0
        ? null
        : ("v" + new String(key, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }

  private static void assertValues(List<byte[]> keys, List<byte[]> values) {
    assertEquals(keys.size(), values.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] expected = valueOf(keys.get(i));
      if (expected == null) {
        assertNull(values.get(i), "key " + i);
      } else {
        assertArrayEquals(expected, values.get(i), "key " + i);
      }
    }
  }

  @Test
  void lookupsThatBlockRunSideBySide() throws Exception {
    // Each lookup waits until 8 lookups wait together: only a batch running 8 wide gets through.
    // (The barrier's timeout only turns a sequential batch into a failure instead of a hang.)
    CyclicBarrier together = new CyclicBarrier(8);
    List<byte[]> keys = keys(64);
    List<byte[]> values =
        new BatchLookup(
                keys,
                k -> {
                  try {
                    together.await(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    throw new IOException("lookups did not overlap", e);
                  }
                  return valueOf(k);
                },
                pool,
                7)
            .run();
    assertValues(keys, values);
  }

  @Test
  void aDirectOrRejectingExecutorMakesTheBatchSequential() throws Exception {
    List<byte[]> keys = keys(100);
    assertValues(keys, new BatchLookup(keys, BatchLookupTest::valueOf, Runnable::run, 64).run());
    AtomicInteger offered = new AtomicInteger();
    List<byte[]> values =
        new BatchLookup(
                keys,
                BatchLookupTest::valueOf,
                r -> {
                  offered.incrementAndGet();
                  throw new RejectedExecutionException("closed");
                },
                64)
            .run();
    assertValues(keys, values);
    assertEquals(1, offered.get(), "the caller tried one helper, then did the work itself");
    assertEquals(0, new BatchLookup(List.of(), BatchLookupTest::valueOf, pool, 8).run().size());
  }

  @Test
  void aFailureIsThrownOnlyOnceEveryLookupHasFinished() throws Exception {
    AtomicInteger running = new AtomicInteger();
    CountDownLatch failed = new CountDownLatch(1);
    IOException boom = new IOException("bad block");
    List<byte[]> keys = keys(32);
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                new BatchLookup(
                        keys,
                        k -> {
                          running.incrementAndGet();
                          try {
                            if (k.length == 2
                                && k[1] == '1') { // taken by the first helper at the latest
                              failed.countDown();
                              throw boom;
                            }
                            failed.await(); // others are still inside when the failure happens
                            return valueOf(k);
                          } catch (InterruptedException e) {
                            throw new IOException(e);
                          } finally {
                            running.decrementAndGet();
                          }
                        },
                        pool,
                        7)
                    .run());
    assertSame(boom, thrown);
    assertEquals(0, running.get(), "no lookup still reads the pinned view");
  }

  @Test
  void anInterruptedCallerStillWaitsForItsHelpers() throws Exception {
    CountDownLatch helperInside = new CountDownLatch(1);
    CountDownLatch callerDone = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    Thread caller = Thread.currentThread();
    List<byte[]> keys = keys(2);
    // The caller takes the first key and finishes it once the helper is inside the second; then
    // it is interrupted while it waits, and must keep waiting until the helper is done.
    pool.execute(
        () -> {
          try {
            callerDone.await();
            caller.interrupt();
            release.countDown();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    List<byte[]> values =
        new BatchLookup(
                keys,
                k -> {
                  running.incrementAndGet();
                  try {
                    if (Thread.currentThread() == caller) {
                      helperInside.await();
                    } else {
                      helperInside.countDown();
                      release.await();
                    }
                    return valueOf(k);
                  } catch (InterruptedException e) {
                    throw new IOException(e);
                  } finally {
                    running.decrementAndGet();
                    if (Thread.currentThread() == caller) {
                      callerDone.countDown();
                    }
                  }
                },
                pool,
                1)
            .run();
    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    assertEquals(0, running.get());
    assertEquals(0, release.getCount(), "returned only after the helper was released");
    assertValues(keys, values);
  }
}
