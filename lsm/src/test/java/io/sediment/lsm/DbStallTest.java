package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static io.sediment.lsm.DbBasicTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes block, never fail, while level 0 is at the stop trigger, and resume when compaction
 * catches up; the time blocked is measured with the store's clock.
 */
class DbStallTest {

  @TempDir Path dir;

  /** Whether {@code t} waits on the store's condition (not merely for a lock). */
  private static boolean stalled(Thread t) {
    if (t.getState() != Thread.State.WAITING) {
      return false;
    }
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getMethodName().equals("awaitUninterruptibly")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void writesStallUntilCompactionCatchesUp() throws Exception {
    CountDownLatch submitted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    AtomicLong fakeNanos = new AtomicLong();
    try (CompactionService pool = new LocalCompactionService(1)) {
      CompactionService gated =
          new CompactionService() {
            @Override
            public CompletableFuture<CompactionResult> submit(Task task) {
              submitted.countDown();
              return CompletableFuture.runAsync(
                      () -> {
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      })
                  .thenCompose(v -> pool.submit(task));
            }

            @Override
            public void close() {}
          };
      DbOptions options =
          DbOptions.builder(dir.toUri().toString())
              .memtableBytes(1024)
              .l0CompactionTrigger(1)
              .l0StopWritesTrigger(1)
              .compactionService(gated)
              .nanoClock(() -> fakeNanos.addAndGet(1000))
              .build();
      try (Db db = Db.open(options)) {
        db.put(b("first"), b("1"));
        db.flush();
        submitted.await(); // level 0 is at the stop trigger and its compaction is held
        Thread writer =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < 100; i++) {
                      db.put(b(String.format("k%03d", i)), b("x".repeat(40)));
                    }
                  } catch (Throwable t) {
                    writerFailure.set(t);
                  }
                });
        writer.start();
        // The writer fills the memtable and must then wait for the held compaction.
        while (!stalled(writer) && writer.isAlive()) {
          Thread.onSpinWait();
        }
        assertTrue(writer.isAlive(), "the writer must block, not finish or fail");
        release.countDown();
        writer.join();
        assertEquals(null, writerFailure.get());
        assertTrue(db.stats().stallNanos() >= 1000, db.stats().toString());
        assertEquals("1", s(db.get(b("first"))));
        assertEquals(40, db.get(b("k099")).length);
      }
    }
  }

  /**
   * A store that opens with level 0 at its stop trigger (reopened with lower triggers here; a
   * rescale from several checkpoints lists the level-0 files of each) has no flush or compaction
   * running that would wake a stalled writer: opening must start the compactions, else the first
   * memtable switch, and the flush in close(), wait forever.
   */
  @Test
  void aStoreOpenedWithLevel0AtTheStopTriggerCompactsAndDoesNotStallForever() throws Exception {
    String uri = dir.resolve("deep-l0").toUri().toString();
    try (Db db =
        Db.open(DbOptions.builder(uri).l0CompactionTrigger(50).l0StopWritesTrigger(60).build())) {
      for (int file = 0; file < 6; file++) {
        db.put(b("key" + file), b("value" + file));
        db.flush();
      }
      assertEquals(6, db.internal().currentVersion().fileCount(0));
    }
    DbOptions strict =
        DbOptions.builder(uri)
            .l0CompactionTrigger(2)
            .l0StopWritesTrigger(4)
            .memtableBytes(64 * 1024)
            .build();
    CompletableFuture<Void> work =
        CompletableFuture.runAsync(
            () -> {
              try (Db db = Db.open(strict)) {
                byte[] value = new byte[1024];
                for (int i = 0; i < 200; i++) { // a few memtable switches
                  db.put(b("more" + i), value);
                }
                assertEquals("value3", s(db.get(b("key3"))));
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    work.get(60, java.util.concurrent.TimeUnit.SECONDS);
  }
}
