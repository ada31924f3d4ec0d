package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.wrap.WrapperSchemes;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.StoreFile;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rescaling a keyed job's stores through one checkpoint storage, against one file system (the local
 * disk or HDFS): every store at every parallelism equals the model restricted to its key groups,
 * retired checkpoints and stores go without taking a file a live or closed store lists, and a
 * rescale writes metadata only.
 */
abstract class RescaleContract {

  private static final int MAX_P = 128;

  protected abstract FsTarget target();

  /** Operation counts are multiplied by this. */
  protected abstract int scale();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private String base;
  private long nextCheckpointId = 1;

  @BeforeEach
  void freshBase() {
    base = target().freshDir("rescale").toString();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** One instance of the job: its key groups and its store. */
  private record Instance(String name, KeyGroupRange range, Db db) {}

  private DbOptions options(String name, KeyGroupRange range) {
    return DbOptions.builder(base + "/" + name)
        .hadoopConfiguration(target().configuration())
        .mergeFunction(new JoinMerge())
        .memtableBytes(16 * 1024)
        .targetFileSizeBytes(8 * 1024)
        .maxBytesForLevelBase(32 * 1024)
        .l0CompactionTrigger(2)
        .keyGroups(range, MAX_P)
        .build();
  }

  private CheckpointStorage storage(String uri, Configuration conf) throws IOException {
    CheckpointStorage cs = CheckpointStorage.open(uri, conf);
    toClose.add(cs);
    return cs;
  }

  @Test
  void scalesThreeToTwoToFourToOne() throws Exception {
    runJob(new int[] {3, 2, 4, 1}, 31);
  }

  @Test
  void scalesOneToTwoToThreeToFourToThreeToOne() throws Exception {
    assumeTrue(runsLongChain(), "the long chain runs on the local disk and HDFS");
    runJob(new int[] {1, 2, 3, 4, 3, 1}, 47);
  }

  /**
   * Whether this file system also runs the six-stage chain; the four-stage one always runs. False
   * where it would only repeat, at a higher price, what the four-stage chain and the other file
   * systems already cover.
   */
  protected boolean runsLongChain() {
    return true;
  }

  /**
   * Runs a job through {@code parallelisms}: at each, every instance writes, some compact, all are
   * checked and checkpointed; then the next instances are rescaled from all those checkpoints, the
   * old stores are destroyed and their checkpoints discarded and collected, and the new stores are
   * checked again, also reopened and at snapshots.
   */
  private void runJob(int[] parallelisms, long seed) throws Exception {
    Random rnd = new Random(seed);
    KeyGroupModel model = new KeyGroupModel(MAX_P, 3000);
    CheckpointStorage storage = storage(base + "/checkpoints", target().configuration());
    List<Instance> instances = new ArrayList<>();
    for (int i = 0; i < parallelisms[0]; i++) {
      KeyGroupRange range = KeyGroups.rangeForOperator(MAX_P, parallelisms[0], i);
      String name = "p" + parallelisms[0] + "-" + i + "-s0";
      instances.add(new Instance(name, range, Db.open(options(name, range))));
    }
    Set<String> everListed = new HashSet<>();
    for (int stage = 0; stage < parallelisms.length; stage++) {
      String at = "stage " + stage + " (parallelism " + parallelisms[stage] + ")";
      List<CheckpointHandle> handles = new ArrayList<>();
      for (Instance in : instances) {
        String label = at + " " + in.name();
        model.check(in.db(), in.range(), rnd, label + " as opened");
        NavigableMap<String, String> before = model.restricted(in.range());
        try (Snapshot s = in.db().snapshot()) {
          model.randomWrites(in.db(), in.range(), rnd, 300 * scale());
          model.checkSnapshot(in.db(), s, before, in.range(), rnd, label);
        }
        if (rnd.nextBoolean()) {
          in.db().compactRange(null, null);
        }
        model.randomWrites(in.db(), in.range(), rnd, 60 * scale());
        model.check(in.db(), in.range(), rnd, label + " after writes");
        handles.add(storage.checkpoint(in.db(), nextCheckpointId++));
      }
      for (CheckpointHandle h : handles) {
        everListed.addAll(h.physicalPaths());
      }
      for (CheckpointHandle h : handles) {
        assertEquals(CheckpointHandle.fromBytes(h.toBytes()), h);
        assertTrue(h.keyGroupRange() != null && h.maxParallelism() == MAX_P, h.toString());
      }
      if (stage + 1 == parallelisms.length) {
        finish(instances, storage, model, rnd, handles);
        break;
      }
      int next = parallelisms[stage + 1];
      List<Instance> rescaled = new ArrayList<>();
      for (int i = 0; i < next; i++) {
        KeyGroupRange range = KeyGroups.rangeForOperator(MAX_P, next, i);
        String name = "p" + next + "-" + i + "-s" + (stage + 1);
        rescaled.add(new Instance(name, range, Restore.open(handles, range, options(name, range))));
      }
      // The old instances are retired: close and destroy some stores, keep others closed, then
      // discard their checkpoints. Only the new stores' leases keep the files now.
      for (Instance old : instances) {
        old.db().close();
        if (rnd.nextInt(3) > 0) {
          Db.destroy(options(old.name(), old.range()));
        }
      }
      for (CheckpointHandle h : handles) {
        storage.discard(h.id());
      }
      storage.collectGarbage();
      instances = rescaled;
      for (Instance in : instances) {
        model.check(in.db(), in.range(), rnd, at + " rescaled into " + in.name());
      }
      // A closed rescaled store keeps its files too.
      Instance closed = instances.get(rnd.nextInt(instances.size()));
      closed.db().close();
      storage.collectGarbage();
      Db reopened = Db.open(options(closed.name(), closed.range()));
      instances.set(
          instances.indexOf(closed), new Instance(closed.name(), closed.range(), reopened));
    }
    int gone = 0;
    for (String p : everListed) {
      Path path = new Path(p);
      gone += path.getFileSystem(target().configuration()).exists(path) ? 0 : 1;
    }
    assertTrue(gone > 0, "retired files were deleted, so the checks above could fail");
  }

  /**
   * The last stage: compacts the stores fully (dropping every clipped reference), checks them,
   * checkpoints again and discards everything else; the stores still read their state.
   */
  private void finish(
      List<Instance> instances,
      CheckpointStorage storage,
      KeyGroupModel model,
      Random rnd,
      List<CheckpointHandle> last)
      throws IOException {
    List<CheckpointHandle> compacted = new ArrayList<>();
    for (Instance in : instances) {
      in.db().compactRange(null, null);
      compacted.add(storage.checkpoint(in.db(), nextCheckpointId++));
    }
    for (CheckpointHandle h : compacted) {
      for (StoreFile f : h.files()) {
        assertTrue(!f.clipped(), "a full compaction rewrote every clipped reference: " + f);
      }
    }
    for (CheckpointHandle h : last) {
      storage.discard(h.id());
    }
    storage.collectGarbage();
    for (Instance in : instances) {
      in.db().close();
      try (Db db = Db.open(options(in.name(), in.range()))) {
        model.check(db, in.range(), rnd, "final " + in.name());
      }
    }
  }

  /**
   * Tens of MB of state rescaled from one store into two: the rescale writes only metadata (first
   * manifests, leases), well under 1 MB in all, and the new stores read the state.
   */
  @Test
  void rescaleWritesMetadataOnly() throws Exception {
    Configuration conf = target().configuration();
    String inner = URI.create(base).getScheme();
    conf.set(
        "fs." + WrapperSchemes.COUNTING + "+" + inner + ".impl",
        TotalCountingFileSystem.class.getName());
    String counted = WrapperSchemes.wrap(WrapperSchemes.COUNTING, URI.create(base)).toString();
    CheckpointStorage storage = storage(counted + "/checkpoints", conf);
    KeyGroupModel keys = new KeyGroupModel(MAX_P, 1);
    Random rnd = new Random(5);
    KeyGroupRange all = KeyGroupRange.all(MAX_P);
    CheckpointHandle whole;
    int count = 6000;
    try (Db db =
        Db.open(
            DbOptions.builder(counted + "/source")
                .hadoopConfiguration(conf)
                .memtableBytes(4 << 20)
                .keyGroups(all, MAX_P)
                .build())) {
      for (int i = 0; i < count; i++) {
        byte[] value = new byte[4096];
        rnd.nextBytes(value);
        value[0] = (byte) i;
        db.put(key(keys, i), value);
      }
      whole = storage.checkpoint(db, 1);
    }
    assertTrue(whole.stateSizeBytes() > 20 << 20, whole.toString());
    TotalCountingFileSystem.resetTotal();
    List<Db> halves = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      KeyGroupRange range = KeyGroups.rangeForOperator(MAX_P, 2, i);
      Db db =
          Restore.open(
              List.of(whole),
              range,
              DbOptions.builder(counted + "/half-" + i)
                  .hadoopConfiguration(conf)
                  .keyGroups(range, MAX_P)
                  .build());
      toClose.add(db);
      halves.add(db);
    }
    long written = TotalCountingFileSystem.totalWritten();
    assertTrue(written > 0, "the counting wrapper saw the manifests being written");
    assertTrue(written < 1 << 20, written + " bytes written for a rescale of " + whole);
    for (int i = 0; i < count; i += 97) {
      byte[] k = key(keys, i);
      int half = KeyGroups.rangeForOperator(MAX_P, 2, 0).contains(keys.keyGroup(k)) ? 0 : 1;
      byte[] got = halves.get(half).get(k);
      assertEquals(4096, got.length, "key " + i);
      assertEquals((byte) i, got[0]);
      assertArrayEquals(
          null, halves.get(1 - half).get(k), "key " + i + " is not in the other half");
    }
    Set<String> listed = new HashSet<>();
    for (String p : whole.physicalPaths()) {
      listed.add(new Path(p).getName());
    }
    assertTrue(listed.size() > 1, "several files were linked: " + listed);
  }

  private static byte[] key(KeyGroupModel keys, int i) {
    String user = String.format("big%06d", i);
    int group = KeyGroups.assign(user.hashCode(), MAX_P);
    return io.sediment.keygroups.KeyGroupPrefix.forMaxParallelism(MAX_P)
        .prepend(group, KeyGroupModel.bytes(user));
  }
}
