package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers, readers, flushes and compactions at once. Each key has one writer, which writes
 * increasing counters; every read must return a value that writer wrote for that key, and per
 * reader the counters it sees for a key never go backwards (reads are at increasing sequences).
 */
class DbConcurrencyTest {

  private static final int WRITERS = 3;
  private static final int KEYS_PER_WRITER = 40;
  private static final int WRITES_PER_WRITER = 700;

  @TempDir Path dir;

  private static byte[] key(int writer, int k) {
    return String.format("w%d-k%03d", writer, k).getBytes(StandardCharsets.UTF_8);
  }

  private static String value(int writer, int k, int counter) {
    return String.format("w%d-k%03d:%08d:", writer, k, counter) + "x".repeat(counter % 50);
  }

  /** The counter in a value, after checking it belongs to the key. */
  private static int counterOf(byte[] key, byte[] value) {
    String k = new String(key, StandardCharsets.UTF_8);
    String v = new String(value, StandardCharsets.UTF_8);
    if (!v.startsWith(k + ":")) {
      throw new AssertionError("value " + v + " was never written for key " + k);
    }
    int counter = Integer.parseInt(v.substring(k.length() + 1, k.length() + 9));
    if (!v.equals(value(k.charAt(1) - '0', Integer.parseInt(k.substring(4)), counter))) {
      throw new AssertionError("value " + v + " is damaged");
    }
    return counter;
  }

  @Test
  void readsStayConsistentWhileEverythingRuns() throws Exception {
    long seed = 99L;
    System.out.println("DbConcurrencyTest seed " + seed);
    DbOptions options =
        DbOptions.builder(dir.toUri().toString())
            .memtableBytes(16 * 1024)
            .targetFileSizeBytes(8 * 1024)
            .maxBytesForLevelBase(32 * 1024)
            .l0CompactionTrigger(2)
            .l0StopWritesTrigger(4)
            .maxImmutableMemtables(1)
            .blockSize(1024)
            .blockCacheBytes(128 * 1024)
            .build();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    int[][] lastWritten = new int[WRITERS][KEYS_PER_WRITER];
    try (Db db = Db.open(options)) {
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(
            new Thread(
                () -> {
                  Random random = new Random(seed + writer);
                  int[] counters = new int[KEYS_PER_WRITER];
                  try {
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                      if (writer == 0 && random.nextInt(10) == 0) {
                        WriteBatch batch = new WriteBatch();
                        for (int j = 0; j < 3; j++) {
                          int k = random.nextInt(KEYS_PER_WRITER);
                          batch.put(key(writer, k), value(writer, k, ++counters[k]).getBytes());
                        }
                        db.write(batch);
                      } else {
                        int k = random.nextInt(KEYS_PER_WRITER);
                        db.put(key(writer, k), value(writer, k, ++counters[k]).getBytes());
                      }
                    }
                    lastWritten[writer] = counters;
                  } catch (Throwable t) {
                    failures.add(t);
                  }
                },
                "writer-" + w));
      }
      List<Thread> others = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        int reader = r;
        others.add(
            new Thread(
                () -> {
                  Random random = new Random(seed * 31 + reader);
                  Map<String, Integer> seen = new HashMap<>();
                  try {
                    while (writing.get()) {
                      if (random.nextInt(20) == 0) {
                        try (DbIterator it = db.newIterator()) {
                          for (it.seekToFirst(); it.isValid(); it.next()) {
                            check(seen, it.key(), it.value());
                          }
                        }
                      } else {
                        byte[] k = key(random.nextInt(WRITERS), random.nextInt(KEYS_PER_WRITER));
                        byte[] v = db.get(k);
                        if (v != null) {
                          check(seen, k, v);
                        }
                      }
                    }
                  } catch (Throwable t) {
                    failures.add(t);
                  }
                },
                "reader-" + r));
      }
      others.add(
          new Thread(
              () -> {
                try {
                  int round = 0;
                  while (writing.get()) {
                    if (++round % 5 == 0) {
                      db.compactRange(null, null);
                    } else {
                      db.flush();
                    }
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              },
              "flusher"));
      writers.forEach(Thread::start);
      others.forEach(Thread::start);
      for (Thread t : writers) {
        t.join();
      }
      writing.set(false);
      for (Thread t : others) {
        t.join();
      }
      if (!failures.isEmpty()) {
        AssertionError e = new AssertionError("concurrent run failed (seed " + seed + ")");
        failures.forEach(e::addSuppressed);
        throw e;
      }
      for (int w = 0; w < WRITERS; w++) {
        for (int k = 0; k < KEYS_PER_WRITER; k++) {
          byte[] v = db.get(key(w, k));
          if (lastWritten[w][k] == 0) {
            assertEquals(null, v);
          } else {
            assertNotNull(v);
            assertEquals(lastWritten[w][k], counterOf(key(w, k), v), "final value of w" + w + k);
          }
        }
      }
      DbStats stats = db.stats();
      System.out.println(stats);
      assertTrue(stats.compactionCount() > 0, stats.toString());
      assertTrue(stats.writeAmplification() > 0, stats.toString());
    }
  }

  private static void check(Map<String, Integer> seen, byte[] key, byte[] value) {
    int counter = counterOf(key, value);
    String k = new String(key, StandardCharsets.UTF_8);
    Integer before = seen.put(k, counter);
    if (before != null && before > counter) {
      throw new AssertionError(k + " went back from " + before + " to " + counter);
    }
  }
}
