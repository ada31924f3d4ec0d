package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.VersionedPublisher;
import io.sediment.fs.testing.FsTarget;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.spi.StoreEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkpoint, discard and restore against one file system (the local disk or HDFS). */
abstract class CheckpointContract {

  protected abstract FsTarget target();

  /** Operation counts are multiplied by this (HDFS is slower per operation). */
  protected abstract int scale();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private String base;

  @BeforeEach
  void freshBase() {
    base = target().freshDir("ckpt").toString();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private DbOptions options(String name) {
    return DbOptions.builder(base + "/" + name)
        .hadoopConfiguration(target().configuration())
        .memtableBytes(16 * 1024)
        .targetFileSizeBytes(8 * 1024)
        .maxBytesForLevelBase(32 * 1024)
        .l0CompactionTrigger(2)
        .build();
  }

  private Db openDb(String name) throws IOException {
    Db db = Db.open(options(name));
    toClose.add(db);
    return db;
  }

  private Db restore(CheckpointHandle h, String name, RestoreMode mode) throws IOException {
    Db db = Restore.open(h, options(name), mode);
    toClose.add(db);
    return db;
  }

  private CheckpointStorage storage() throws IOException {
    CheckpointStorage cs = CheckpointStorage.open(base + "/checkpoints", target().configuration());
    toClose.add(cs);
    return cs;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static TreeMap<String, String> contents(Db db) throws IOException {
    TreeMap<String, String> out = new TreeMap<>();
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.put(
            new String(it.key(), StandardCharsets.UTF_8),
            new String(it.value(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Applies {@code n} random puts and deletes to the store and the model. */
  private static void randomWrites(Db db, TreeMap<String, String> model, Random rnd, int n)
      throws IOException {
    for (int i = 0; i < n; i++) {
      String key = String.format("k%05d", rnd.nextInt(2000));
      if (rnd.nextInt(5) == 0) {
        db.delete(b(key));
        model.remove(key);
      } else {
        String value = "v" + rnd.nextLong() + "-".repeat(rnd.nextInt(40));
        db.put(b(key), b(value));
        model.put(key, value);
      }
    }
  }

  private Set<String> sstFilesIn(String name) throws IOException {
    Path dir = new Path(base + "/" + name);
    FileSystem fs = dir.getFileSystem(target().configuration());
    Set<String> out = new TreeSet<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.getPath().getName().endsWith(".sst")) {
        out.add(fs.makeQualified(s.getPath()).toString());
      }
    }
    return out;
  }

  private boolean exists(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(target().configuration()).exists(p);
  }

  private Set<String> liveFiles(Db db) {
    StoreEngine engine = StoreEngine.of(db);
    FileSystem fs = engine.fileSystem().hadoopFileSystem();
    Set<String> out = new TreeSet<>();
    for (Path p : engine.liveFilePaths()) {
      out.add(fs.makeQualified(p).toString());
    }
    return out;
  }

  @Test
  void restoreEqualsTheModelAtCheckpointTimeWithoutCopying() throws IOException {
    long seed = 1001;
    System.out.println("seed " + seed);
    Random rnd = new Random(seed);
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, rnd, 600 * scale());
    try (CheckpointStorage cs = CheckpointStorage.open(base + "/cs", target().configuration())) {
      CheckpointHandle h = cs.checkpoint(db, 7);
      TreeMap<String, String> atCheckpoint = new TreeMap<>(model);
      randomWrites(db, model, rnd, 300 * scale());
      db.compactRange(null, null);

      assertEquals(7, h.id());
      assertEquals(h.fileCount(), h.physicalPaths().size());
      assertTrue(h.fileCount() > 0 && h.stateSizeBytes() > 0, h.toString());
      Db restored = restore(h, "restored", RestoreMode.NO_CLAIM);
      assertEquals(Set.of(), sstFilesIn("restored"), "no SST is copied into the new directory");
      String first = atCheckpoint.firstKey();
      assertArrayEquals(b(atCheckpoint.get(first)), restored.get(b(first)));
      assertEquals(atCheckpoint, contents(restored));
      assertEquals(model, contents(db));
      for (String p : h.physicalPaths()) {
        assertTrue(exists(p), p + " must survive the compaction: it is shared");
      }
    }
  }

  @Test
  void checkpointsDuringConcurrentWritesAndCompactionsHoldAPrefixOfEachWriter() throws Exception {
    Db db = openDb("db");
    CheckpointStorage cs = storage();
    int writers = 3;
    int perWriter = 100 * scale();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        work.add(
            pool.submit(
                () -> {
                  started.countDown();
                  for (int i = 0; i < perWriter; i++) {
                    db.put(b(String.format("w%d-%06d", writer, i)), b("x".repeat(30) + i));
                  }
                  return null;
                }));
      }
      work.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  db.compactRange(null, null);
                }
                return null;
              }));
      started.await();
      List<CheckpointHandle> handles = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        handles.add(cs.checkpoint(db, c));
      }
      for (int w = 0; w < writers; w++) {
        work.get(w).get();
      }
      stop.set(true);
      work.get(writers).get();
      handles.add(cs.checkpoint(db, 4));
      for (CheckpointHandle h : handles) {
        Db restored = restore(h, "r" + h.id(), RestoreMode.NO_CLAIM);
        TreeMap<String, String> got = contents(restored);
        for (int w = 0; w < writers; w++) {
          int present = 0;
          while (got.containsKey(String.format("w%d-%06d", w, present))) {
            present++;
          }
          for (String k : got.keySet()) {
            if (k.startsWith("w" + w + "-")) {
              assertTrue(
                  Integer.parseInt(k.substring(k.indexOf('-') + 1)) < present,
                  "checkpoint " + h.id() + " holds " + k + " but misses an earlier write");
            }
          }
          if (h.id() == 4) {
            assertEquals(perWriter, present, "the last checkpoint holds every write");
          }
        }
        restored.close();
      }
    } finally {
      stop.set(true);
      pool.shutdown();
    }
  }

  @Test
  void restoredStoreCanBeCheckpointedAndItsCheckpointOutlivesTheOriginal() throws IOException {
    Random rnd = new Random(2002);
    System.out.println("seed 2002");
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, rnd, 400 * scale());
    db.compactRange(null, null);
    CheckpointStorage cs = storage();
    CheckpointHandle first = cs.checkpoint(db, 1);
    Db restored = restore(first, "restored", RestoreMode.NO_CLAIM);
    // Few enough writes for one level-0 file: no compaction rewrites the inherited files.
    randomWrites(restored, model, rnd, 20);
    CheckpointHandle second = cs.checkpoint(restored, 2);
    Set<String> inherited = new HashSet<>(first.physicalPaths());
    inherited.retainAll(second.physicalPaths());
    assertFalse(inherited.isEmpty(), "the second checkpoint references the first one's files");
    db.close();
    restored.close();
    cs.discard(1);
    assertEquals(List.of(2L), cs.checkpoints());
    for (String p : second.physicalPaths()) {
      assertTrue(exists(p), p + " is needed by checkpoint 2");
    }
    Db again = restore(cs.load(2), "again", RestoreMode.NO_CLAIM);
    assertEquals(model, contents(again));
  }

  @Test
  void storeReopenedThroughRestoreKeepsTheFilesOfADiscardedCheckpoint() throws IOException {
    Random rnd = new Random(4004);
    System.out.println("seed 4004");
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, rnd, 300 * scale());
    CheckpointStorage cs = storage();
    CheckpointHandle h = cs.checkpoint(db, 1);
    db.close();
    Restore.open(h, options("restored"), RestoreMode.NO_CLAIM).close();
    Db reopened = Restore.reopen(options("restored"));
    toClose.add(reopened);
    cs.discard(1);
    for (String p : h.physicalPaths()) {
      assertTrue(exists(p), p + " is read by the reopened store");
    }
    assertEquals(model, contents(reopened));
    reopened.close();
    cs.collectGarbage();
    for (String p : h.physicalPaths()) {
      assertTrue(exists(p), p + " is listed by the closed restored store");
    }
    Db.destroy(options("restored"));
    Db.destroy(options("db"));
    cs.collectGarbage();
    for (String p : h.physicalPaths()) {
      assertFalse(exists(p), p + " is needed by nothing once both stores are destroyed");
    }
  }

  @Test
  void storageSurvivesARestart() throws IOException {
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    Random rnd = new Random(3003);
    System.out.println("seed 3003");
    String root = base + "/checkpoints";
    List<CheckpointHandle> handles = new ArrayList<>();
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      for (int i = 0; i < 3; i++) {
        randomWrites(db, model, rnd, 200 * scale());
        handles.add(cs.checkpoint(db, 10 + i));
      }
    }
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      assertEquals(List.of(10L, 11L, 12L), cs.checkpoints());
      for (CheckpointHandle h : handles) {
        assertEquals(h, cs.load(h.id()));
      }
      cs.discard(11);
      assertThrows(IllegalArgumentException.class, () -> cs.checkpoint(db, 10));
    }
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      assertEquals(List.of(10L, 12L), cs.checkpoints());
      IllegalArgumentException unknown =
          assertThrows(IllegalArgumentException.class, () -> cs.load(11));
      assertTrue(unknown.getMessage().contains("11"), unknown.getMessage());
      db.close();
      Db restored = restore(cs.load(12), "restored", RestoreMode.NO_CLAIM);
      assertEquals(model, contents(restored));
    }
  }

  @Test
  void chainOfCheckpointsLeavesExactlyTheNeededFiles() throws IOException {
    long seed = 4004;
    System.out.println("seed " + seed);
    Random rnd = new Random(seed);
    Db db = openDb("db");
    CheckpointStorage cs = storage();
    TreeMap<String, String> model = new TreeMap<>();
    Map<Long, CheckpointHandle> retained = new HashMap<>();
    Map<Long, TreeMap<String, String>> models = new HashMap<>();
    Set<String> everCheckpointed = new HashSet<>();
    int chain = 20;
    for (long id = 1; id <= chain; id++) {
      randomWrites(db, model, rnd, 20 * scale());
      retained.put(id, cs.checkpoint(db, id));
      everCheckpointed.addAll(retained.get(id).physicalPaths());
      models.put(id, new TreeMap<>(model));
      if (id % 3 == 0) {
        db.compactRange(null, null);
      }
      // The store is quiet from here on, so what it released is final before the sweep below.
      StoreEngine.of(db).waitForCompactions();
      // Retain a sliding window plus every fifth checkpoint.
      long old = id - 3;
      if (old >= 1 && old % 5 != 0) {
        cs.discard(old);
        retained.remove(old);
      } else {
        cs.collectGarbage();
      }
      Set<String> expected = new TreeSet<>(liveFiles(db));
      for (CheckpointHandle h : retained.values()) {
        expected.addAll(h.physicalPaths());
      }
      assertEquals(expected, sstFilesIn("db"), "after checkpoint " + id);
      assertEquals(new TreeSet<>(retained.keySet()), new TreeSet<>(cs.checkpoints()));
    }
    db.close();
    cs.collectGarbage();
    assertEquals(0, cs.collectGarbage(), "a second collection finds nothing");
    Set<String> expected = new TreeSet<>();
    for (CheckpointHandle h : retained.values()) {
      expected.addAll(h.physicalPaths());
    }
    // Closing may leave files of the store's own (a last compaction); of the files that were ever
    // checkpointed, exactly those of retained checkpoints remain.
    Set<String> left = sstFilesIn("db");
    left.retainAll(everCheckpointed);
    assertEquals(expected, left, "after closing the store and collecting");
    for (long id : List.of(5L, (long) chain)) {
      Db restored = restore(cs.load(id), "r" + id, RestoreMode.NO_CLAIM);
      assertEquals(models.get(id), contents(restored), "checkpoint " + id);
    }
  }

  @Test
  void randomCheckpointRestoreDiscardNeverBreaksRetainedCheckpointsOrOpenStores()
      throws IOException {
    long seed = 5005;
    System.out.println("seed " + seed);
    Random rnd = new Random(seed);
    CheckpointStorage cs = storage();
    List<Db> open = new ArrayList<>();
    Map<Db, TreeMap<String, String>> dbModels = new HashMap<>();
    Map<Long, TreeMap<String, String>> checkpointModels = new TreeMap<>();
    Map<Long, CheckpointHandle> handles = new HashMap<>();
    Db first = openDb("db0");
    open.add(first);
    dbModels.put(first, new TreeMap<>());
    long nextId = 1;
    int restores = 0;
    for (int step = 0; step < 20; step++) {
      int op = rnd.nextInt(10);
      if (op < 4 && !open.isEmpty()) {
        Db db = open.get(rnd.nextInt(open.size()));
        randomWrites(db, dbModels.get(db), rnd, 40);
        if (rnd.nextBoolean()) {
          db.compactRange(null, null);
        }
      } else if (op < 6 && !open.isEmpty()) {
        Db db = open.get(rnd.nextInt(open.size()));
        long id = nextId++;
        handles.put(id, cs.checkpoint(db, id));
        checkpointModels.put(id, new TreeMap<>(dbModels.get(db)));
      } else if (op < 8 && !handles.isEmpty()) {
        List<Long> ids = new ArrayList<>(handles.keySet());
        long id = ids.get(rnd.nextInt(ids.size()));
        cs.discard(id);
        handles.remove(id);
        checkpointModels.remove(id);
      } else if (op == 8 && !handles.isEmpty() && restores < 5) {
        List<Long> ids = new ArrayList<>(handles.keySet());
        long id = ids.get(rnd.nextInt(ids.size()));
        Db db = restore(handles.get(id), "restored" + restores++, RestoreMode.NO_CLAIM);
        assertEquals(checkpointModels.get(id), contents(db), "restore of " + id);
        open.add(db);
        dbModels.put(db, new TreeMap<>(checkpointModels.get(id)));
      } else if (op == 9 && open.size() > 1) {
        open.remove(rnd.nextInt(open.size())).close();
      }
      for (CheckpointHandle h : handles.values()) {
        for (String p : h.physicalPaths()) {
          assertTrue(exists(p), "step " + step + ": checkpoint " + h.id() + " lost " + p);
        }
      }
      for (Db db : open) {
        StoreEngine.of(db).waitForCompactions();
        for (String p : liveFiles(db)) {
          assertTrue(exists(p), "step " + step + ": an open store lost " + p);
        }
      }
    }
    for (Db db : open) {
      assertEquals(dbModels.get(db), contents(db));
    }
    for (Map.Entry<Long, CheckpointHandle> e : handles.entrySet()) {
      CheckpointHandle loaded = cs.load(e.getKey());
      assertEquals(e.getValue(), loaded);
    }
  }

  @Test
  void claimedFilesAreDeletedByTheRestoredStoreOnceObsolete() throws IOException {
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, new Random(6006), 300 * scale());
    CheckpointStorage cs = storage();
    CheckpointHandle h = cs.checkpoint(db, 1);
    db.close();
    Db restored = restore(h, "restored", RestoreMode.CLAIM);
    cs.discard(1);
    for (String p : h.physicalPaths()) {
      assertTrue(exists(p), p + " is held by the store that claimed it");
    }
    assertEquals(model, contents(restored));
    restored.put(b("zzz"), b("last"));
    restored.compactRange(null, null);
    StoreEngine.of(restored).waitForCompactions();
    Set<String> live = liveFiles(restored);
    for (String p : h.physicalPaths()) {
      assertEquals(live.contains(p), exists(p), p);
    }
    model.put("zzz", "last");
    assertEquals(model, contents(restored));
  }

  @Test
  void garbageOfACrashedCheckpointIsCollectedWithoutTouchingRetainedFiles() throws IOException {
    Db db = openDb("db");
    randomWrites(db, new TreeMap<>(), new Random(7007), 300 * scale());
    CheckpointStorage cs = storage();
    CheckpointHandle kept = cs.checkpoint(db, 1);
    db.compactRange(null, null);
    // A checkpoint whose metadata was written but whose registry publish never happened.
    CheckpointHandle crashed = cs.checkpoint(db, 2);
    FileSystemView view = FileSystemView.open(cs.root().toString(), target().configuration());
    byte[] bytes = view.readAll(view.resolve("chk-00000000000000000002"));
    view.close();
    cs.discard(2);
    db.close();
    Db.destroy(options("db")); // the store is gone: only checkpoint 1 needs files now
    try (FileSystemView v = FileSystemView.open(cs.root().toString(), target().configuration())) {
      v.writeAll(v.resolve("chk-00000000000000000002"), bytes);
      v.writeAll(v.resolve("chk-00000000000000000003"), new byte[] {1, 2, 3}); // torn
    }
    assertTrue(cs.collectGarbage() >= 2);
    for (String p : kept.physicalPaths()) {
      assertTrue(exists(p), p + " belongs to retained checkpoint 1");
    }
    for (String p : crashed.physicalPaths()) {
      assertEquals(kept.physicalPaths().contains(p), exists(p), p);
    }
    assertEquals(List.of(1L), cs.checkpoints());
    assertEquals(kept.physicalPaths().size(), new HashSet<>(kept.physicalPaths()).size());
    assertEquals(
        new TreeSet<>(kept.physicalPaths()), sstFilesIn("db"), "nothing else is left behind");
  }

  @Test
  void discardInterruptedAfterItsRegistryPublishIsFinishedAfterARestart() throws IOException {
    Db db = openDb("db");
    randomWrites(db, new TreeMap<>(), new Random(9009), 300 * scale());
    String root = base + "/checkpoints";
    CheckpointStorage cs = CheckpointStorage.open(root, target().configuration());
    CheckpointHandle kept = cs.checkpoint(db, 1);
    randomWrites(db, new TreeMap<>(), new Random(9010), 100 * scale());
    db.compactRange(null, null);
    db.flush();
    StoreEngine.of(db).waitForCompactions(); // quiet: checkpoint 2 is exactly what the store holds
    CheckpointHandle dropped = cs.checkpoint(db, 2);
    // The store still holds checkpoint 2's files, so the discard publishes the registry and
    // deletes nothing: the state a crash right after the publish leaves (plus the metadata).
    cs.discard(2);
    Set<String> unique = new TreeSet<>(dropped.physicalPaths());
    unique.removeAll(kept.physicalPaths());
    assertFalse(unique.isEmpty());
    assertEquals(unique, cs.pendingFiles());
    for (String p : unique) {
      assertTrue(exists(p), p + " is still held by the open store");
    }
    cs.close();
    db.close();
    Db.destroy(options("db"));
    try (CheckpointStorage again = CheckpointStorage.open(root, target().configuration())) {
      assertEquals(List.of(1L), again.checkpoints());
      assertEquals(unique, again.pendingFiles(), "pending deletions survive a restart");
      assertEquals(unique.size(), again.collectGarbage());
      for (String p : unique) {
        assertFalse(exists(p), p);
      }
      for (String p : kept.physicalPaths()) {
        assertTrue(exists(p), p + " belongs to retained checkpoint 1");
      }
      assertEquals(Set.of(), again.pendingFiles());
      Db restored = restore(again.load(1), "restored", RestoreMode.NO_CLAIM);
      try (DbIterator it = restored.newIterator()) {
        it.seekToFirst();
        assertTrue(it.isValid());
      }
    }
  }

  @Test
  void aTornRegistryLeftByACrashDoesNotBlockLaterCheckpoints() throws IOException {
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, new Random(1010), 100);
    String root = base + "/checkpoints";
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      cs.checkpoint(db, 1);
    }
    // A writer died right after creating the next registry version: an empty file. It was never
    // in force; the storage used to refuse every later publish as "another writer's".
    try (FileSystemView v = FileSystemView.open(root, target().configuration())) {
      v.writeAll(v.resolve("registry-00000000000000000002"), new byte[0]);
    }
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      assertEquals(List.of(1L), cs.checkpoints());
      randomWrites(db, model, new Random(1011), 100);
      cs.checkpoint(db, 2);
      cs.discard(1);
    }
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      assertEquals(List.of(2L), cs.checkpoints());
      db.close();
      assertEquals(model, contents(restore(cs.load(2), "restored", RestoreMode.NO_CLAIM)));
    }
  }

  @Test
  void storageReopenedAfterACrashInARegistryPublishPublishesAgain() throws IOException {
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, new Random(1101), 100 * scale());
    String root = base + "/checkpoints";
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      cs.checkpoint(db, 1);
    }
    // A process killed while publishing the next registry version leaves its file created but
    // incomplete (empty, or cut short), and its name can never be written again. Here two
    // processes in a row died that way.
    try (FileSystemView v = FileSystemView.open(root, target().configuration())) {
      VersionedPublisher registry = new VersionedPublisher(v, v.root(), "registry");
      long next = registry.latest().orElseThrow().version() + 1;
      v.writeAll(registry.pathOf(next), new byte[0]);
      v.writeAll(registry.pathOf(next + 1), new byte[] {'S', 'D', 'P'});
    }
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      assertEquals(List.of(1L), cs.checkpoints());
      cs.collectGarbage(); // publishes nothing: must keep the registry in force
    }
    randomWrites(db, model, new Random(1102), 100 * scale());
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      assertEquals(List.of(1L), cs.checkpoints());
      cs.checkpoint(db, 2);
      cs.discard(1);
      assertEquals(List.of(2L), cs.checkpoints());
    }
    db.close();
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      assertEquals(List.of(2L), cs.checkpoints());
      assertEquals(model, contents(restore(cs.load(2), "restored", RestoreMode.NO_CLAIM)));
    }
  }

  @Test
  void aDamagedNewestRegistryIsReportedNotSkipped() throws IOException {
    Db db = openDb("db");
    randomWrites(db, new TreeMap<>(), new Random(9009), 100);
    String root = base + "/checkpoints";
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      cs.checkpoint(db, 1);
      cs.checkpoint(db, 2);
    }
    // Falling back to the previous registry would forget checkpoint 2 (and garbage collection
    // would then delete its files): the storage refuses to open instead.
    String newest;
    try (FileSystemView v = FileSystemView.open(root, target().configuration())) {
      Path path = v.resolve("registry-00000000000000000002");
      newest = path.getName();
      byte[] bytes = v.readAll(path);
      bytes[bytes.length - 3] ^= 0x01;
      v.delete(path);
      v.writeAll(path, bytes);
    }
    CorruptionException e =
        assertThrows(
            CorruptionException.class,
            () -> CheckpointStorage.open(root, target().configuration()).close());
    assertTrue(e.file().endsWith(newest), e.file());
  }

  @Test
  void corruptMetadataIsReportedWithFileAndOffset() throws IOException {
    Db db = openDb("db");
    randomWrites(db, new TreeMap<>(), new Random(8008), 100);
    String root = base + "/checkpoints";
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      cs.checkpoint(db, 3);
    }
    try (FileSystemView v = FileSystemView.open(root, target().configuration())) {
      Path path = v.resolve("chk-00000000000000000003");
      byte[] bytes = v.readAll(path);
      bytes[40] ^= 0x10;
      v.delete(path);
      v.writeAll(path, bytes);
    }
    try (CheckpointStorage cs = CheckpointStorage.open(root, target().configuration())) {
      CorruptionException e = assertThrows(CorruptionException.class, () -> cs.load(3));
      assertTrue(e.file().endsWith("chk-00000000000000000003"), e.file());
      assertTrue(e.getMessage().contains("chk-00000000000000000003"), e.getMessage());
      assertNotNull(e.getMessage());
      assertThrows(CorruptionException.class, () -> cs.discard(3));
      assertEquals(List.of(3L), cs.checkpoints(), "a failed discard keeps the checkpoint");
    }
  }

  /** A lease as a restore in another process would take it (this process does not track it). */
  private static CheckpointLease foreignLease(long id, String holder, Instant at) {
    return new CheckpointLease(id, holder, "4242@elsewhere", at);
  }

  private void addLease(CheckpointStorage cs, CheckpointLease lease) throws IOException {
    try (FileSystemView v = FileSystemView.open(cs.uri(), target().configuration())) {
      new LeaseLog(v, lease.checkpointId()).add(lease);
    }
  }

  @Test
  void aLeasedCheckpointKeepsItsFilesThroughDiscardUntilItsLeaseIsExpired() throws IOException {
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, new Random(1101), 300 * scale());
    TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    CheckpointStorage cs =
        CheckpointStorage.open(base + "/checkpoints", target().configuration(), clock);
    toClose.add(cs);
    CheckpointHandle h = cs.checkpoint(db, 1);
    assertEquals(cs.uri(), h.storageUri());
    db.close();
    Db.destroy(options("db")); // no store lists the files any more, only the checkpoint
    openDb("elsewhere").close(); // the lease's holder: a store in another process
    CheckpointLease lease = foreignLease(1, base + "/elsewhere", clock.instant());
    addLease(cs, lease);
    assertEquals(List.of(lease), cs.leases());

    cs.discard(1);
    assertEquals(List.of(), cs.checkpoints());
    assertEquals(Set.of(1L), cs.heldCheckpoints());
    assertThrows(IllegalArgumentException.class, () -> cs.load(1), "held is not restorable");
    assertThrows(IllegalArgumentException.class, () -> cs.checkpoint(openDb("db2"), 1));
    cs.collectGarbage();
    for (String p : h.physicalPaths()) {
      assertTrue(exists(p), p + " is leased");
    }
    // The holder's files are still whole: a store opened on them reads the checkpoint.
    clock.advance(Duration.ofMinutes(30));
    assertEquals(0, cs.expireLeases(Duration.ofHours(1)), "the lease is younger than that");
    clock.advance(Duration.ofMinutes(31));
    assertEquals(1, cs.expireLeases(Duration.ofHours(1)));
    assertEquals(List.of(), cs.leases());
    for (String p : h.physicalPaths()) {
      assertTrue(exists(p), "expiry alone deletes nothing: " + p);
    }
    assertTrue(cs.collectGarbage() >= h.fileCount());
    for (String p : h.physicalPaths()) {
      assertFalse(exists(p), p + " is no longer needed");
    }
    assertEquals(Set.of(), cs.heldCheckpoints());
    assertEquals(Set.of(), cs.referencedFiles());
    try (FileSystemView v = FileSystemView.open(cs.uri(), target().configuration())) {
      for (FileStatus st : v.list(v.root())) {
        String name = st.getPath().getName();
        assertFalse(name.startsWith("lease-") || name.startsWith("chk-"), name + " is left");
      }
    }
  }

  @Test
  void theLastLeaseEndingLetsTheNextDiscardDeleteTheHeldFiles() throws IOException {
    Db db = openDb("db");
    randomWrites(db, new TreeMap<>(), new Random(1202), 300 * scale());
    CheckpointStorage cs = storage();
    CheckpointHandle first = cs.checkpoint(db, 1);
    db.compactRange(null, null);
    CheckpointHandle second = cs.checkpoint(db, 2);
    db.close();
    Db.destroy(options("db"));
    openDb("a").close(); // the holders exist: a lease of a store that is gone would end at once
    openDb("b").close();
    Instant at = Instant.parse("2030-01-01T00:00:00Z");
    CheckpointLease a = foreignLease(1, base + "/a", at);
    CheckpointLease b = foreignLease(1, base + "/b", at);
    addLease(cs, a);
    addLease(cs, b);
    cs.discard(1);
    try (FileSystemView v = FileSystemView.open(cs.uri(), target().configuration())) {
      LeaseLog log = new LeaseLog(v, 1);
      assertEquals(1, log.removeIf(a::equals));
      cs.collectGarbage();
      assertEquals(Set.of(1L), cs.heldCheckpoints(), "b still holds it");
      assertEquals(1, log.removeIf(b::equals));
    }
    cs.discard(2); // also releases 1, whose leases ended
    assertEquals(Set.of(), cs.heldCheckpoints());
    for (String p : first.physicalPaths()) {
      assertFalse(exists(p), p);
    }
    for (String p : second.physicalPaths()) {
      assertFalse(exists(p), p);
    }
  }

  @Test
  void aRestoredStoreLeasesItsCheckpointUntilItIsDestroyed() throws IOException {
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, new Random(1303), 300 * scale());
    CheckpointStorage cs = storage();
    CheckpointHandle h = cs.checkpoint(db, 1);
    db.close();
    Db restored = restore(h, "restored", RestoreMode.NO_CLAIM);
    List<CheckpointLease> leases = cs.leases();
    assertEquals(1, leases.size(), leases.toString());
    assertEquals(1, leases.get(0).checkpointId());
    assertEquals(base + "/restored", leases.get(0).holder());
    cs.discard(1);
    assertEquals(Set.of(1L), cs.heldCheckpoints());
    assertEquals(model, contents(restored));
    restored.close();
    Db.destroy(options("db"));
    assertEquals(leases, cs.leases(), "a closed store that lists the files keeps its lease");
    cs.collectGarbage();
    assertEquals(Set.of(1L), cs.heldCheckpoints());
    Db reopened = openDb("restored");
    assertEquals(model, contents(reopened), "discard and collection kept what it reads");
    reopened.close();
    Db.destroy(options("restored"));
    cs.collectGarbage();
    assertEquals(List.of(), cs.leases(), "destroying the store ends its lease");
    assertEquals(Set.of(), cs.heldCheckpoints());
    for (String p : h.physicalPaths()) {
      assertFalse(exists(p), p);
    }
  }

  @Test
  void aRestoredStoreEndsItsLeaseOnceItNoLongerHoldsTheCheckpointsFiles() throws IOException {
    Db db = openDb("db");
    TreeMap<String, String> model = new TreeMap<>();
    randomWrites(db, model, new Random(1404), 300 * scale());
    CheckpointStorage cs = storage();
    CheckpointHandle h = cs.checkpoint(db, 1);
    db.close();
    for (RestoreMode mode : RestoreMode.values()) {
      Db restored = restore(h, "restored-" + mode, mode);
      assertEquals(1, cs.leases().size(), mode.toString());
      // Overwrite every key, then rewrite everything: no file of the checkpoint stays live.
      for (String k : model.keySet()) {
        restored.put(b(k), b(model.get(k) + "!"));
      }
      restored.compactRange(null, null);
      Set<String> live = liveFiles(restored);
      live.retainAll(h.physicalPaths());
      assertEquals(Set.of(), live, mode.toString());
      assertEquals(List.of(), cs.leases(), mode + ": the lease ended before the store closed");
      restored.close();
    }
  }

  @Test
  void aDiscardedCheckpointCannotBeRestoredAndLeavesNoLease() throws IOException {
    Db db = openDb("db");
    randomWrites(db, new TreeMap<>(), new Random(1505), 100 * scale());
    CheckpointStorage cs = storage();
    CheckpointHandle h = cs.checkpoint(db, 1);
    cs.discard(1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Restore.open(h, options("restored"), RestoreMode.NO_CLAIM));
    assertTrue(e.getMessage().contains("not retained"), e.getMessage());
    assertEquals(List.of(), cs.leases());
    cs.collectGarbage();
    try (FileSystemView v = FileSystemView.open(cs.uri(), target().configuration())) {
      for (FileStatus st : v.list(v.root())) {
        assertFalse(st.getPath().getName().startsWith("lease-"), st.getPath().toString());
      }
    }
  }
}
