package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.Compression;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.DbStats;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import io.sediment.snapshot.RestoreMode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoint section of {@code sediment demo}: a store checkpointed, written on, compacted and
 * checkpointed again; the first checkpoint restored and read back as it was; checkpoints discarded
 * while showing which files go and which stay; the second checkpoint restored without and with
 * claiming its files. Every result it prints is checked: a store that reads wrong or a file that is
 * kept or deleted against the rules fails the run with an {@link IllegalStateException}.
 *
 * <p>Files are small (10 KiB target) so that a few thousand keys make several files, and the writes
 * after the first checkpoint touch one narrow key range, so the compaction after them rewrites only
 * the files of that range: the second checkpoint shares the others with the first.
 */
final class CheckpointDemo {

  static final int KEYS = 5_000;

  /** After checkpoint 1, keys [0, 500) are overwritten. */
  static final int OVERWRITE_END = 500;

  /** After checkpoint 1, keys [500, 600) are deleted with one range deletion. */
  static final int DELETE_END = 600;

  /** After checkpoint 1, a new key follows each of the keys [600, 700). */
  static final int INSERT_END = 700;

  private static final int LATER_WRITES = OVERWRITE_END + 1 + (INSERT_END - DELETE_END);

  private final PrintStream out;
  private final Steps steps;

  CheckpointDemo(PrintStream out, Steps steps) {
    this.out = out;
    this.steps = steps;
  }

  /** The key inserted after {@code key(i)} once checkpoint 1 is taken. */
  static byte[] insertedKey(int i) {
    return (new String(StoreDemo.key(i), StandardCharsets.US_ASCII) + "+")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The store's contents when checkpoint 1 is taken. */
  static NavigableMap<byte[], byte[]> firstState() {
    NavigableMap<byte[], byte[]> state = new TreeMap<>(Arrays::compareUnsigned);
    for (int i = 0; i < KEYS; i++) {
      state.put(StoreDemo.key(i), StoreDemo.value(i, "v1"));
    }
    return state;
  }

  /** The store's contents when checkpoint 2 is taken. */
  static NavigableMap<byte[], byte[]> secondState() {
    NavigableMap<byte[], byte[]> state = firstState();
    for (int i = 0; i < OVERWRITE_END; i++) {
      state.put(StoreDemo.key(i), StoreDemo.value(i, "v2"));
    }
    for (int i = OVERWRITE_END; i < DELETE_END; i++) {
      state.remove(StoreDemo.key(i));
    }
    for (int i = DELETE_END; i < INSERT_END; i++) {
      state.put(insertedKey(i), StoreDemo.value(i, "new"));
    }
    return state;
  }

  /** Runs the section in the directories under {@code base}, which must not exist yet. */
  void run(URI base, Configuration conf) throws IOException {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    URI checkpoints = URI.create(root + "checkpoints");
    List<Closer> open = new ArrayList<>();
    try (FileSystemView view = FileSystemView.open(base, conf)) {
      Db[] stores = new Db[1];
      CheckpointStorage[] storages = new CheckpointStorage[1];
      steps.run(
          "open a store and a checkpoint storage",
          () -> {
            stores[0] = Db.open(options(URI.create(root + "live"), conf));
            open.add(stores[0]::close);
            storages[0] = CheckpointStorage.open(checkpoints.toString(), conf);
            open.add(storages[0]::close);
            return "the store in live/, its checkpoints in checkpoints/";
          });
      Db live = stores[0];
      CheckpointStorage storage = storages[0];
      steps.run(
          "write " + KEYS + " keys, flush and compact",
          () -> {
            for (int i = 0; i < KEYS; i++) {
              live.put(StoreDemo.key(i), StoreDemo.value(i, "v1"));
            }
            live.compactRange(null, null);
            return StoreDemo.levels(live.stats());
          });

      CheckpointHandle[] h = new CheckpointHandle[4];
      steps.run(
          "take checkpoint 1",
          () -> {
            h[0] = storage.checkpoint(live, 1);
            if (h[0].fileCount() != totalFiles(live.stats()) || h[0].sequence() != KEYS) {
              throw new IllegalStateException(
                  "checkpoint 1 is " + h[0] + ", the store has " + StoreDemo.levels(live.stats()));
            }
            return String.format(
                "%d files (%s) referenced, sequence %d; checkpoints/ holds %s: no SST byte copied",
                h[0].fileCount(),
                Units.bytes(h[0].stateSizeBytes()),
                h[0].sequence(),
                metadataOnly(view, "checkpoints"));
          });
      steps.run(
          "keep writing after the checkpoint",
          () -> {
            writeAfterFirstCheckpoint(live);
            int keys = checkContents(live, secondState(), "live/ after the later writes");
            return String.format(
                "%d overwrites, a deletion of %d keys, %d new keys: live/ reads %d keys as written",
                OVERWRITE_END, DELETE_END - OVERWRITE_END, INSERT_END - DELETE_END, keys);
          });
      steps.run(
          "flush and compact the changed key range",
          () -> {
            live.compactRange(StoreDemo.key(0), StoreDemo.key(INSERT_END));
            return StoreDemo.levels(live.stats());
          });
      steps.run(
          "take checkpoint 2",
          () -> {
            h[1] = storage.checkpoint(live, 2);
            Set<String> shared = new TreeSet<>(h[0].physicalPaths());
            shared.retainAll(h[1].physicalPaths());
            if (shared.isEmpty() || shared.size() == h[1].fileCount()) {
              throw new IllegalStateException(
                  "checkpoint 2 shares " + shared.size() + " of " + h[1].fileCount() + " files");
            }
            return String.format(
                "%d files, sequence %d: %d shared with checkpoint 1, %d new (%s)",
                h[1].fileCount(),
                h[1].sequence(),
                shared.size(),
                h[1].fileCount() - shared.size(),
                names(minus(h[1].physicalPaths(), h[0].physicalPaths())));
          });

      URI restore1 = URI.create(root + "restore-1");
      Db[] restored = new Db[1];
      steps.run(
          "restore checkpoint 1 into restore-1/ and get one key",
          () -> {
            restored[0] = Restore.open(h[0], options(restore1, conf));
            open.add(restored[0]::close);
            byte[] v = restored[0].get(StoreDemo.key(0));
            if (!Arrays.equals(v, StoreDemo.value(0, "v1"))) {
              throw new IllegalStateException("restore-1/ reads key00000000 as " + show(v));
            }
            return "key00000000 = v1 (v2 came later); restore-1/ holds "
                + metadataOnly(view, "restore-1")
                + ", its "
                + h[0].fileCount()
                + " SSTs are read where checkpoint 1 lists them";
          });
      steps.run(
          "read all of restore-1/",
          () -> {
            int keys = checkContents(restored[0], firstState(), "restore-1/");
            return keys
                + " keys, exactly the state at checkpoint 1: none of the "
                + LATER_WRITES
                + " later writes";
          });
      List<String> onlyInFirst = minus(h[0].physicalPaths(), h[1].physicalPaths());
      steps.run(
          "discard checkpoint 1 while restore-1/ still reads it",
          () -> {
            storage.discard(1);
            checkOnDisk(view, h[0].physicalPaths(), true, "while restore-1/ is open");
            return String.format(
                "deleted none: %d of its %d files are in checkpoint 2, the other %d (%s) are held"
                    + " by the open restore-1/",
                h[0].fileCount() - onlyInFirst.size(),
                h[0].fileCount(),
                onlyInFirst.size(),
                names(onlyInFirst));
          });
      steps.run(
          "close restore-1/ and collect garbage: the closed store keeps its files",
          () -> {
            restored[0].close();
            storage.collectGarbage();
            checkOnDisk(view, onlyInFirst, true, "while the closed restore-1/ lists them");
            return String.format(
                "kept %s: restore-1/ still lists them, so its lease on checkpoint 1 lasts while it"
                    + " is closed (it may be reopened any time)",
                names(onlyInFirst));
          });
      steps.run(
          "destroy restore-1/ and collect garbage",
          () -> {
            Db.destroy(options(restore1, conf));
            int deleted = storage.collectGarbage();
            checkOnDisk(view, onlyInFirst, false, "after the collection");
            checkOnDisk(view, h[1].physicalPaths(), true, "after the collection");
            // The lease of a store that is gone ends; checkpoint 1 then loses its last holder,
            // and the files only it lists and its metadata go.
            int expected = onlyInFirst.size() + 1;
            if (deleted != expected) {
              throw new IllegalStateException(
                  "collectGarbage deleted " + deleted + " files, expected " + expected);
            }
            return String.format(
                "deleted %d (%s and checkpoint 1's metadata); kept the %d files of checkpoint 2",
                deleted, names(onlyInFirst), h[1].fileCount());
          });

      steps.run(
          "restore checkpoint 2 (NO_CLAIM) into restore-2/ and compact",
          () -> {
            try (Db db = Restore.open(h[1], options(URI.create(root + "restore-2"), conf))) {
              int keys = checkContents(db, secondState(), "restore-2/");
              db.compactRange(null, null);
              checkContents(db, secondState(), "restore-2/ after compaction");
              checkOnDisk(view, h[1].physicalPaths(), true, "after restore-2/ compacted");
              return String.format(
                  "%d keys as at checkpoint 2; compaction rewrote them into %s of its own, all"
                      + " %d inherited files stay: it does not own them",
                  keys, StoreDemo.levels(db.stats()), h[1].fileCount());
            }
          });
      Db[] claimed = new Db[1];
      steps.run(
          "close live/; restore checkpoint 2 (CLAIM) and compact",
          () -> {
            // A claimed checkpoint's files become the restored store's: the store that wrote them
            // must be gone, as after a failover.
            live.close();
            claimed[0] =
                Restore.open(
                    h[1], options(URI.create(root + "restore-2-claim"), conf), RestoreMode.CLAIM);
            open.add(claimed[0]::close);
            checkContents(claimed[0], secondState(), "restore-2-claim/");
            claimed[0].compactRange(null, null);
            checkContents(claimed[0], secondState(), "restore-2-claim/ after compaction");
            Set<String> held = new TreeSet<>();
            for (Path p : StoreEngine.of(claimed[0]).liveFilePaths()) {
              held.add(p.toString());
            }
            List<String> replaced = new ArrayList<>();
            for (String p : h[1].physicalPaths()) {
              if (!held.contains(p)) {
                replaced.add(p);
              }
            }
            checkOnDisk(view, replaced, false, "once restore-2-claim/ replaced them");
            return String.format(
                "it owns the %d files and deleted the %d that compaction replaced",
                h[1].fileCount(), replaced.size());
          });
      steps.run(
          "discard checkpoint 2, whose files were claimed",
          () -> {
            storage.discard(2);
            if (!storage.checkpoints().isEmpty()) {
              throw new IllegalStateException("still retained: " + storage.checkpoints());
            }
            return "a claimed checkpoint must not be restored again; none is retained now";
          });
      steps.run(
          "checkpoint the claimed store, write on, checkpoint it again",
          () -> {
            h[2] = storage.checkpoint(claimed[0], 3);
            for (int i = 0; i < OVERWRITE_END; i++) {
              claimed[0].put(StoreDemo.key(i), StoreDemo.value(i, "v3"));
            }
            claimed[0].compactRange(StoreDemo.key(0), StoreDemo.key(OVERWRITE_END));
            h[3] = storage.checkpoint(claimed[0], 4);
            int shared =
                h[3].fileCount() - minus(h[3].physicalPaths(), h[2].physicalPaths()).size();
            checkOnDisk(view, h[2].physicalPaths(), true, "in checkpoint 3");
            checkOnDisk(view, h[3].physicalPaths(), true, "in checkpoint 4");
            if (shared == 0) {
              throw new IllegalStateException("checkpoints 3 and 4 share no file");
            }
            return String.format(
                "checkpoint 3: %d files in restore-2-claim/; checkpoint 4 after %d overwrites:"
                    + " %d files, %d shared with checkpoint 3",
                h[2].fileCount(), OVERWRITE_END, h[3].fileCount(), shared);
          });
      out.println("    inspect the checkpoint root with:");
      out.println("      sediment checkpoint-info " + checkpoints);
      out.println("      sediment verify --checkpoint " + checkpoints);
    } finally {
      closeAll(open);
    }
  }

  private static DbOptions options(URI dir, Configuration conf) {
    return DbOptions.builder(dir.toString())
        .hadoopConfiguration(conf)
        .compression(Compression.LZ4)
        .memtableBytes(4 << 20)
        .targetFileSizeBytes(10 << 10)
        .build();
  }

  private static void writeAfterFirstCheckpoint(Db db) throws IOException {
    for (int i = 0; i < OVERWRITE_END; i++) {
      db.put(StoreDemo.key(i), StoreDemo.value(i, "v2"));
    }
    db.deleteRange(StoreDemo.key(OVERWRITE_END), StoreDemo.key(DELETE_END));
    for (int i = DELETE_END; i < INSERT_END; i++) {
      db.put(insertedKey(i), StoreDemo.value(i, "new"));
    }
  }

  /** Scans {@code db}, which must hold exactly {@code expected}; returns the number of keys. */
  static int checkContents(Db db, NavigableMap<byte[], byte[]> expected, String what)
      throws IOException {
    int count = 0;
    try (DbIterator it = db.newIterator()) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
        if (!it.isValid()) {
          throw new IllegalStateException(what + " ends before " + show(e.getKey()));
        }
        if (!Arrays.equals(it.key(), e.getKey()) || !Arrays.equals(it.value(), e.getValue())) {
          throw new IllegalStateException(
              what + " holds " + show(it.key()) + " where " + show(e.getKey()) + " belongs");
        }
        count++;
        it.next();
      }
      if (it.isValid()) {
        throw new IllegalStateException(what + " holds an unexpected key " + show(it.key()));
      }
    }
    return count;
  }

  private static void checkOnDisk(
      FileSystemView view, List<String> paths, boolean present, String when) throws IOException {
    for (String p : paths) {
      if (view.exists(new Path(p)) != present) {
        throw new IllegalStateException(
            p + (present ? " was deleted " : " was not deleted ") + when);
      }
    }
  }

  private static List<String> minus(List<String> paths, List<String> without) {
    Set<String> drop = Set.copyOf(without);
    return paths.stream().filter(p -> !drop.contains(p)).toList();
  }

  /** The file names of physical paths, e.g. "000012.sst, 000013.sst". */
  private static String names(List<String> paths) {
    return paths.stream().map(p -> new Path(p).getName()).collect(Collectors.joining(", "));
  }

  private static int totalFiles(DbStats stats) {
    return stats.levels().stream().mapToInt(DbStats.LevelStats::fileCount).sum();
  }

  /**
   * "only metadata (2 files, 3.8 KiB)": what a checkpoint root or a freshly restored store's
   * directory holds, which must be metadata only (the SSTs stay where the store wrote them).
   */
  private static String metadataOnly(FileSystemView view, String dir) throws IOException {
    int files = 0;
    long bytes = 0;
    for (FileStatus s : view.list(view.resolve(dir))) {
      if (s.getPath().getName().endsWith(".sst")) {
        throw new IllegalStateException("an SST was copied to " + s.getPath());
      }
      files += s.isFile() ? 1 : 0;
      bytes += s.isFile() ? s.getLen() : 0;
    }
    return "only metadata (" + files + " files, " + Units.bytes(bytes) + ")";
  }

  private static String show(byte[] b) {
    return b == null ? "no value" : "'" + new String(b, StandardCharsets.ISO_8859_1) + "'";
  }

  /** Something to close at the end, whatever happened; closing twice is harmless. */
  @FunctionalInterface
  private interface Closer {
    void close() throws IOException;
  }

  private static void closeAll(List<Closer> open) throws IOException {
    IOException first = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
