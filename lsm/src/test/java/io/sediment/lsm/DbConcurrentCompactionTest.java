package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static io.sediment.lsm.DbBasicTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two compactions at once: while a level-0 compaction is held, level 0 piles up past the point
 * where a second job may run, and the picker merges the newest level-0 files alongside, on other
 * files. Both install, in either order, and every write reads back.
 */
class DbConcurrentCompactionTest {

  @TempDir Path dir;

  /** Runs jobs on a pool; holds the first one's result until released. */
  private static final class HoldingService implements CompactionService {
    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch twoSubmitted = new CountDownLatch(2);
    final List<CompactionJob> submitted = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<CompactionResult> submit(Task task) {
      boolean first = submitted.isEmpty();
      submitted.add(task.job());
      twoSubmitted.countDown();
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              if (first && !release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
              }
              return task.runLocally();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          },
          pool);
    }

    synchronized List<CompactionJob> submitted() {
      return List.copyOf(submitted);
    }

    @Override
    public void close() {
      pool.shutdown();
    }
  }

  @Test
  void aSecondJobRunsOnOtherFilesWhileTheFirstIsHeld() throws Exception {
    HoldingService service = new HoldingService();
    DbOptions options =
        DbOptions.builder(dir.toUri().toString())
            .compression(Compression.NONE)
            .memtableBytes(64 * 1024)
            .targetFileSizeBytes(4 * 1024)
            .blockSize(512)
            .l0CompactionTrigger(2) // two jobs may run from 4 level-0 files on
            .l0StopWritesTrigger(20)
            .maxBackgroundCompactions(2)
            .compactionService(service)
            .build();
    Map<String, String> model = new TreeMap<>();
    try (Db db = Db.open(options)) {
      for (int round = 0; round < 6; round++) {
        for (int i = 0; i < 200; i++) {
          String key = String.format("key%04d", (i * 3 + round) % 400);
          String value = "r" + round + "-" + i;
          db.put(b(key), b(value));
          model.put(key, value);
        }
        db.flush();
      }
      // The flush thread schedules after each flush returns: wait for the second job.
      assertTrue(service.twoSubmitted.await(60, TimeUnit.SECONDS), service.submitted().toString());
      List<CompactionJob> jobs = service.submitted();
      assertEquals(2, jobs.size(), jobs.toString());
      CompactionJob held = jobs.get(0);
      CompactionJob second = jobs.get(1);
      assertEquals(0, held.inputLevel());
      assertEquals(6, held.outputLevel());
      assertEquals(0, second.inputLevel());
      assertEquals(0, second.outputLevel(), "level 0 is blocked: its newest files are merged");
      assertEquals(4, second.inputs().size());
      Set<Long> heldInputs = new HashSet<>();
      held.inputs().forEach(f -> heldInputs.add(f.fileNumber()));
      for (StoreFile f : second.inputs()) {
        assertTrue(!heldInputs.contains(f.fileNumber()), "file " + f + " taken twice");
      }
      long heldNewest =
          held.inputs().stream()
              .filter(f -> f.level() == 0)
              .mapToLong(StoreFile::largestSequence)
              .max()
              .orElseThrow();
      for (StoreFile f : second.inputs()) {
        assertTrue(f.smallestSequence() > heldNewest, "only files newer than the held job's");
      }
      service.release.countDown();
      db.internal().waitForCompactions();
      for (Map.Entry<String, String> e : model.entrySet()) {
        assertEquals(e.getValue(), s(db.get(b(e.getKey()))), e.getKey());
      }
      try (DbIterator it = db.newIterator()) {
        int n = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
          n++;
        }
        assertEquals(model.size(), n);
      }
    } finally {
      service.close();
    }
  }
}
