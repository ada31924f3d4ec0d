package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.CorruptionException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseLogTest {

  @TempDir Path tmp;
  private FileSystemView view;

  @BeforeEach
  void open() throws IOException {
    view = FileSystemView.open(tmp.toUri().toString(), new Configuration());
  }

  @AfterEach
  void close() throws IOException {
    view.close();
  }

  private static CheckpointLease lease(long id, int n) {
    return new CheckpointLease(id, "file:/stores/s" + n, n + "@host", Instant.ofEpochMilli(n));
  }

  @Test
  void findsTheNewestVersionByProbingAlone() throws IOException {
    LeaseLog log = new LeaseLog(view, 7);
    assertEquals(0, log.top());
    assertEquals(List.of(), log.read().leases());
    List<CheckpointLease> expected = new ArrayList<>();
    for (int n = 1; n <= 37; n++) {
      CheckpointLease l = lease(7, n);
      log.add(l);
      expected.add(l);
      assertEquals(n, log.top());
      assertEquals(expected, log.read().leases());
    }
    assertEquals(36, log.removeIf(l -> !l.equals(lease(7, 5))));
    assertEquals(38, log.top(), "one change, one version");
    assertEquals(List.of(lease(7, 5)), log.read().leases());
    assertEquals(0, log.removeIf(l -> false));
    assertEquals(38, log.top(), "nothing to remove, nothing written");
    assertEquals(List.of(), new LeaseLog(view, 8).read().leases(), "logs are per checkpoint");
    assertEquals(38, LeaseLog.listed(view).get(7L));
  }

  @Test
  void anIncompleteVersionCountsAsNothingAndTheNextChangeGoesAboveIt() throws IOException {
    LeaseLog log = new LeaseLog(view, 3);
    log.add(lease(3, 1));
    byte[] next = LeaseLog.encode(3, 2, List.of(new LeaseLog.Change(true, lease(3, 2))));
    view.writeAll(log.pathOf(2), Arrays.copyOf(next, next.length - 5)); // a crashed writer
    assertEquals(2, log.top());
    assertEquals(List.of(lease(3, 1)), log.read().leases());
    log.add(lease(3, 3));
    assertEquals(3, log.top());
    assertEquals(List.of(lease(3, 1), lease(3, 3)), log.read().leases());
    assertEquals(1, log.removeIf(lease(3, 1)::equals));
    assertEquals(List.of(lease(3, 3)), log.read().leases());
    assertNull(LeaseLog.decode(new byte[5], "x", 3, 1), "shorter than a header: incomplete");
  }

  @Test
  void damageInACompleteVersionIsReportedWithFileAndOffset() throws IOException {
    byte[] good =
        LeaseLog.encode(
            4,
            1,
            List.of(
                new LeaseLog.Change(true, lease(4, 1)), new LeaseLog.Change(false, lease(4, 2))));
    for (int i = 0; i < good.length; i++) {
      if (i >= 12 && i < 16) {
        continue; // the length field: a changed length reads as torn or as too long
      }
      byte[] bad = good.clone();
      bad[i] ^= 0x20;
      int at = i;
      CorruptionException e =
          assertThrows(CorruptionException.class, () -> LeaseLog.decode(bad, "f", 4, 1), "" + at);
      assertEquals("f", e.file());
      assertTrue(e.offset() >= 0 && e.offset() < good.length, e.getMessage());
    }
    assertThrows(CorruptionException.class, () -> LeaseLog.decode(good, "f", 5, 1));
    assertThrows(CorruptionException.class, () -> LeaseLog.decode(good, "f", 4, 2));
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThrows(CorruptionException.class, () -> LeaseLog.decode(longer, "f", 4, 1));
  }

  @Test
  void concurrentHoldersAllGetTheirLease() throws Exception {
    int holders = 6;
    ExecutorService pool = Executors.newFixedThreadPool(holders);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < holders; t++) {
        int n = t;
        done.add(
            pool.submit(
                () -> {
                  // Each holder uses its own view, as separate processes would.
                  try (FileSystemView own =
                      FileSystemView.open(tmp.toUri().toString(), new Configuration())) {
                    LeaseLog log = new LeaseLog(own, 9);
                    for (int i = 0; i < 5; i++) {
                      log.add(lease(9, n * 100 + i));
                    }
                    log.removeIf(l -> l.equals(lease(9, n * 100)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<CheckpointLease> active = new LeaseLog(view, 9).read().leases();
    assertEquals(holders * 4, active.size(), active.toString());
    assertEquals(holders * 4, new HashSet<>(active).size());
    assertEquals(holders * 6, new LeaseLog(view, 9).top(), "one version per change, none lost");
  }
}
