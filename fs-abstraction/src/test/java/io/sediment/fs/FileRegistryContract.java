package io.sediment.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.FsTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link FileRegistry} guarantees, run against each {@link FsTarget}. */
public abstract class FileRegistryContract {

  protected abstract FsTarget target();

  private FileSystemView view;
  private final List<Path> deleted = new CopyOnWriteArrayList<>();
  private final List<Path> failed = new CopyOnWriteArrayList<>();
  private final List<Path> forgotten = new CopyOnWriteArrayList<>();
  private final FileRegistry.Listener recorder =
      new FileRegistry.Listener() {
        @Override
        public void deleted(Path physical) {
          deleted.add(physical);
        }

        @Override
        public void deleteFailed(Path physical, IOException error) {
          failed.add(physical);
        }

        @Override
        public void forgotten(Path physical, FileOwnership ownership) {
          forgotten.add(physical);
        }
      };

  @BeforeEach
  void openView() throws IOException {
    view = FileSystemView.open(target().freshDir("registry"), target().configuration());
  }

  @AfterEach
  void closeView() throws IOException {
    view.close();
  }

  private Path file(String name) throws IOException {
    Path p = view.resolve(name);
    view.writeAll(p, new byte[] {7});
    return p;
  }

  @Test
  void ownedFileIsDeletedWhenItsLastReferenceGoes() throws IOException {
    FileRegistry registry = new FileRegistry(view, recorder);
    Path p = file("data-1");
    registry.register("000001.sst", p, FileOwnership.OWNED);
    registry.link("000001-copy.sst", p);
    assertEquals(2, registry.refCount(p));
    assertEquals(p, registry.resolve("000001-copy.sst"));
    Path pinned = registry.retain("000001.sst");
    assertEquals(p, pinned);
    assertEquals(3, registry.refCount(p));
    assertEquals(ReleaseOutcome.STILL_REFERENCED, registry.unlink("000001.sst"));
    assertEquals(ReleaseOutcome.STILL_REFERENCED, registry.unlink("000001-copy.sst"));
    assertTrue(view.exists(p), "a pinned file survives losing all its names");
    assertEquals(Set.of(), registry.logicalNames());
    assertEquals(ReleaseOutcome.DELETED, registry.release(pinned));
    assertFalse(view.exists(p));
    assertEquals(List.of(p), deleted);
    assertEquals(0, registry.refCount(p));
    assertEquals(Set.of(), registry.physicalFiles());
  }

  @Test
  void sharedAndNotOwnedFilesAreForgottenButNeverDeleted() throws IOException {
    FileRegistry registry = new FileRegistry(view, recorder);
    Path shared = file("shared");
    Path restored = file("restored");
    registry.register("a.sst", shared, FileOwnership.OWNED);
    assertEquals(FileOwnership.OWNED, registry.markShared(shared));
    assertEquals(FileOwnership.SHARED, registry.ownership(shared));
    registry.register("b.sst", restored, FileOwnership.NOT_OWNED);
    assertEquals(FileOwnership.NOT_OWNED, registry.markShared(restored));
    assertEquals(FileOwnership.NOT_OWNED, registry.ownership(restored));
    assertEquals(ReleaseOutcome.FORGOTTEN_KEPT, registry.unlink("a.sst"));
    assertEquals(ReleaseOutcome.FORGOTTEN_KEPT, registry.unlink("b.sst"));
    assertTrue(view.exists(shared));
    assertTrue(view.exists(restored));
    assertEquals(List.of(), deleted);
    assertEquals(List.of(shared, restored), forgotten);
  }

  @Test
  void claimingMakesAFileDeletable() throws IOException {
    FileRegistry registry = new FileRegistry(view, recorder);
    Path restored = file("restored");
    registry.register("c.sst", restored, FileOwnership.NOT_OWNED);
    assertEquals(FileOwnership.NOT_OWNED, registry.claim(restored));
    assertEquals(FileOwnership.OWNED, registry.ownership(restored));
    assertEquals(ReleaseOutcome.DELETED, registry.unlink("c.sst"));
    assertFalse(view.exists(restored));
    Path shared = file("shared");
    registry.register("d.sst", shared, FileOwnership.SHARED);
    assertEquals(FileOwnership.SHARED, registry.claim(shared));
    assertEquals(ReleaseOutcome.DELETED, registry.unlink("d.sst"));
    assertFalse(view.exists(shared));
  }

  @Test
  void aFailedDeleteIsReportedNotThrown() throws IOException {
    FileRegistry registry = new FileRegistry(view, recorder);
    Path dir = view.resolve("not-a-file");
    view.mkdirs(dir);
    view.writeAll(FileSystemView.resolve(dir, "child"), new byte[1]);
    // Deleting a non-empty directory without recursion fails on every file system.
    registry.register("odd.sst", dir, FileOwnership.OWNED);
    assertEquals(ReleaseOutcome.DELETE_FAILED, registry.unlink("odd.sst"));
    assertEquals(List.of(dir), failed);
    assertTrue(view.exists(dir));
    // The path is free again afterwards.
    registry.register("odd2.sst", dir, FileOwnership.NOT_OWNED);
  }

  @Test
  void aPathBeingDeletedCannotBeRegisteredAgainAndLocksAreNotHeldMeanwhile() throws Exception {
    // Deletion is slowed by a latency wrapper whose sleeper waits for the test: only DELETE has a
    // latency, so the sleeper runs exactly while the registry deletes.
    CountDownLatch deleting = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    io.sediment.fs.wrap.LatencyFileSystem slow =
        new io.sediment.fs.wrap.LatencyFileSystem(
            view.hadoopFileSystem(),
            io.sediment.fs.wrap.LatencyModel.none()
                .withOp(io.sediment.fs.wrap.FsOp.DELETE, java.time.Duration.ofNanos(1)),
            nanos -> {
              deleting.countDown();
              try {
                proceed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    FileSystemView slowView = FileSystemView.wrap(slow, view.root());
    FileRegistry registry = new FileRegistry(slowView, recorder);
    Path p = file("slow");
    Path other = file("other");
    registry.register("slow.sst", p, FileOwnership.OWNED);
    registry.register("other.sst", other, FileOwnership.OWNED);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<ReleaseOutcome> outcome = pool.submit(() -> registry.unlink("slow.sst"));
    deleting.await();
    // The registry is usable while the delete runs: its lock is not held.
    assertEquals(1, registry.refCount(other));
    registry.link("other-2.sst", other);
    IllegalStateException busy =
        assertThrows(
            IllegalStateException.class,
            () -> registry.register("again.sst", p, FileOwnership.OWNED));
    assertTrue(busy.getMessage().contains("being deleted"), busy.getMessage());
    proceed.countDown();
    assertEquals(ReleaseOutcome.DELETED, outcome.get());
    pool.shutdown();
    assertFalse(view.exists(p));
    file("slow"); // a new file under the old name may be registered once the delete is done
    registry.register("again.sst", p, FileOwnership.OWNED);
    assertEquals(1, registry.refCount(p));
  }

  @Test
  void aThrowingListenerDoesNotReachTheReleasingCaller() throws IOException {
    FileRegistry registry =
        new FileRegistry(
            view,
            new FileRegistry.Listener() {
              @Override
              public void deleted(Path physical) {
                throw new IllegalStateException("listener bug");
              }
            });
    Path p = file("x");
    registry.register("x.sst", p, FileOwnership.OWNED);
    assertEquals(ReleaseOutcome.DELETED, registry.unlink("x.sst"));
    assertFalse(view.exists(p));
  }

  @Test
  void misuseIsAnIllegalArgumentNamingTheValue() throws IOException {
    FileRegistry registry = new FileRegistry(view, recorder);
    Path p = file("p");
    registry.register("p.sst", p, FileOwnership.OWNED);
    assertMessage("p.sst", () -> registry.register("p.sst", file("q"), FileOwnership.OWNED));
    assertMessage(p.getName(), () -> registry.register("other.sst", p, FileOwnership.OWNED));
    assertMessage("ghost.sst", () -> registry.resolve("ghost.sst"));
    assertMessage("ghost.sst", () -> registry.unlink("ghost.sst"));
    assertMessage("ghost.sst", () -> registry.retain("ghost.sst"));
    assertMessage("nowhere", () -> registry.link("n.sst", view.resolve("nowhere")));
    assertMessage("nowhere", () -> registry.markShared(view.resolve("nowhere")));
    assertMessage("nowhere", () -> registry.claim(view.resolve("nowhere")));
    assertMessage("nowhere", () -> registry.ownership(view.resolve("nowhere")));
    assertMessage(p.getName(), () -> registry.release(p));
    assertMessage("'../x'", () -> registry.register("../x", file("r"), FileOwnership.OWNED));
    assertMessage("'a/b'", () -> registry.link("a/b", p));
    assertMessage("''", () -> registry.retain(""));
    assertMessage("null", () -> registry.resolve(null));
    assertMessage("null", () -> registry.register("z.sst", null, FileOwnership.OWNED));
    assertMessage("null", () -> registry.register("z.sst", file("z"), null));
    assertEquals(1, registry.refCount(p));
  }

  private static void assertMessage(
      String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void exportAndRestoreRoundTrip() throws IOException {
    FileRegistry registry = new FileRegistry(view, recorder);
    Path owned = file("owned");
    Path shared = file("shared");
    Path foreign = file("foreign");
    registry.register("1.sst", owned, FileOwnership.OWNED);
    registry.link("1b.sst", owned);
    registry.register("2.sst", shared, FileOwnership.OWNED);
    registry.markShared(shared);
    registry.register("3.sst", foreign, FileOwnership.NOT_OWNED);
    registry.retain("3.sst"); // pins are process-local: not exported

    byte[] image = registry.export();
    FileRegistry restored = FileRegistry.restore(image, view, recorder);
    assertEquals(registry.logicalNames(), restored.logicalNames());
    assertEquals(registry.physicalFiles(), restored.physicalFiles());
    for (String name : registry.logicalNames()) {
      Path p = registry.resolve(name);
      assertEquals(p, restored.resolve(name));
      assertEquals(registry.ownership(p), restored.ownership(p));
      assertEquals(registry.namesOf(p), restored.namesOf(p));
      assertEquals(registry.namesOf(p).size(), restored.refCount(p));
    }
    assertEquals(2, registry.refCount(foreign));
    assertEquals(1, restored.refCount(foreign));
    assertTrue(java.util.Arrays.equals(image, restored.export()));

    // The restored registry applies the same delete rules.
    restored.unlink("1.sst");
    assertEquals(ReleaseOutcome.DELETED, restored.unlink("1b.sst"));
    assertEquals(ReleaseOutcome.FORGOTTEN_KEPT, restored.unlink("2.sst"));
    assertFalse(view.exists(owned));
    assertTrue(view.exists(shared));

    byte[] damaged = image.clone();
    damaged[10] ^= 0x40;
    IOException e = assertThrows(IOException.class, () -> FileRegistry.restore(damaged, view));
    assertTrue(e.getMessage().contains("offset"), e.getMessage());
    assertThrows(
        IOException.class,
        () -> FileRegistry.restore(java.util.Arrays.copyOf(image, image.length - 3), view));
    assertThrows(IllegalArgumentException.class, () -> FileRegistry.restore(null, view));
  }

  /**
   * Many threads link, unlink, retain and release at once following a seeded schedule. Checks: a
   * retained file always exists, no file is deleted twice, counts are exact at a quiescent point,
   * and at the end exactly the owned files are gone.
   */
  @Test
  void concurrentReferencesFollowASeededSchedule() throws Exception {
    long seed = 20_261_124L;
    System.out.println("registry schedule seed " + seed + " on " + target().label());
    int fileCount = 12;
    int threads = 6;
    int steps = 150;
    FileRegistry registry = new FileRegistry(view, recorder);
    List<Path> physical = new ArrayList<>();
    Map<Path, FileOwnership> ownership = new HashMap<>();
    FileOwnership[] kinds = FileOwnership.values();
    for (int i = 0; i < fileCount; i++) {
      Path p = file("phys-" + i);
      physical.add(p);
      ownership.put(p, kinds[i % kinds.length]);
      registry.register("base-" + i, p, kinds[i % kinds.length]);
    }
    ConcurrentHashMap<Path, Integer> deleteCounts = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch phaseOneDone = new CountDownLatch(threads);
    CountDownLatch phaseTwo = new CountDownLatch(1);
    ConcurrentHashMap<Path, Long> expected = new ConcurrentHashMap<>();
    List<Future<Map<Path, Long>>> held = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      held.add(
          pool.submit(
              () -> {
                Random random = new Random(seed * 31 + thread);
                List<String> myNames = new ArrayList<>();
                List<Path> myPins = new ArrayList<>();
                int created = 0;
                start.await();
                for (int s = 0; s < steps; s++) {
                  int choice = random.nextInt(4);
                  if (choice == 0) {
                    String name = "t" + thread + "-" + created++;
                    registry.link(name, physical.get(random.nextInt(fileCount)));
                    myNames.add(name);
                  } else if (choice == 1 && !myNames.isEmpty()) {
                    String name = myNames.remove(random.nextInt(myNames.size()));
                    assertEquals(ReleaseOutcome.STILL_REFERENCED, registry.unlink(name));
                  } else if (choice == 2) {
                    // Pin under any name, also other threads' ones that may vanish meanwhile.
                    String name =
                        random.nextBoolean()
                            ? "base-" + random.nextInt(fileCount)
                            : "t" + random.nextInt(threads) + "-" + random.nextInt(20);
                    try {
                      Path p = registry.retain(name);
                      if (!view.exists(p)) {
                        throw new AssertionError("retained file is gone: " + p);
                      }
                      myPins.add(p);
                    } catch (IllegalArgumentException unknownName) {
                      // That name was unlinked (or not yet linked): fine.
                    }
                  } else if (choice == 3 && !myPins.isEmpty()) {
                    Path p = myPins.remove(random.nextInt(myPins.size()));
                    assertEquals(ReleaseOutcome.STILL_REFERENCED, registry.release(p));
                  }
                }
                Map<Path, Long> mine = new HashMap<>();
                for (String name : myNames) {
                  mine.merge(registry.resolve(name), 1L, Long::sum);
                }
                for (Path p : myPins) {
                  mine.merge(p, 1L, Long::sum);
                }
                mine.forEach((p, n) -> expected.merge(p, n, Long::sum));
                phaseOneDone.countDown();
                // Phase two, once the counts were checked: drop everything this thread holds.
                phaseTwo.await();
                for (String name : myNames) {
                  registry.unlink(name);
                }
                for (Path p : myPins) {
                  registry.release(p);
                }
                return mine;
              }));
    }
    start.countDown();
    while (!phaseOneDone.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      for (Future<Map<Path, Long>> f : held) {
        if (f.isDone()) {
          f.get(); // a thread that failed in phase one never counts down: surface its error
        }
      }
    }
    // Quiescent point: every count is exactly one base name plus what the threads hold.
    for (Path p : physical) {
      assertEquals(1 + expected.getOrDefault(p, 0L), registry.refCount(p), "count of " + p);
    }
    phaseTwo.countDown();
    for (Future<Map<Path, Long>> f : held) {
      f.get();
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES));
    // Every thread dropped its own references: only the base names remain.
    for (Path p : physical) {
      assertEquals(1, registry.refCount(p), "count of " + p);
      assertTrue(view.exists(p));
    }
    assertTrue(expected.values().stream().mapToLong(Long::longValue).sum() > 0);
    for (int i = 0; i < fileCount; i++) {
      registry.unlink("base-" + i);
    }
    for (Path p : deleted) {
      deleteCounts.merge(p, 1, Integer::sum);
    }
    for (Path p : physical) {
      boolean owned = ownership.get(p) == FileOwnership.OWNED;
      assertEquals(owned ? 1 : null, deleteCounts.get(p), "deletions of " + p);
      assertEquals(!owned, view.exists(p), "existence of " + p);
    }
    assertEquals(List.of(), failed);
    assertEquals(Set.of(), registry.logicalNames());
  }
}
