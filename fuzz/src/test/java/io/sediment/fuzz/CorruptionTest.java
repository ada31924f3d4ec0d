package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import io.sediment.snapshot.RestoreMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files never give wrong answers: a store and a checkpoint are built by a generated log,
 * then, many times over, a copy of them gets one seeded damage (bytes flipped or the file cut
 * short) in an SST, a manifest, the checkpoint metadata or the checkpoint registry, and everything
 * is read back: opening, a forward and a reverse scan, a get of every key, restoring the
 * checkpoint. Each step either throws an {@link IOException} that names the damaged file (a {@code
 * CorruptionException} for a failed check) or answers exactly what the model answers.
 *
 * <p>{@code -Dfuzz.damages=N} damages more copies, {@code -Dfuzz.firstSeed=S} builds another store.
 */
class CorruptionTest {

  private static final long CHECKPOINT = 1_000_000;

  @TempDir Path dir;

  /** A file to damage, and whether it belongs to the store or to the checkpoint storage. */
  private record Target(Path relative, boolean checkpointFile) {}

  @Test
  void damagedFilesThrowOrAnswerRight() throws Exception {
    long seed = FuzzProperties.firstSeed(0xC0DE_0000L);
    int damages = Integer.getInteger("fuzz.damages", 80);
    ConcatMergeFunction mf = new ConcatMergeFunction();
    // Compactions off on reopen: a damaged copy is only read (and one manifest written at open).
    NamedSettings config =
        NamedSettings.parse(
            "damaged",
            "compression=LZ4,blockSize=1024,memtableBytes=4096,targetFileSizeBytes=4096,"
                + "maxBytesForLevelBase=1099511627776,l0CompactionTrigger=1000,"
                + "l0StopWritesTrigger=4000,blockCacheBytes=1048576");
    Path built = dir.resolve("built");
    StorageRoot root = new StorageRoot(built.toUri().toString(), null);

    // Build: a generated log (no restores, so every live file is in the store's own directory),
    // then one more checkpoint to damage.
    GeneratorConfig gen =
        GeneratorConfig.defaults()
            .withWeight(OpKind.RESTORE, 0)
            .withWeight(OpKind.FLUSH, 6)
            .withValues(0.05, 0.15, 600, 3000);
    List<Op> log = OpGenerator.generate(gen, seed, 600);
    ModelStore model = new ModelStore(mf);
    // Small blocks and files: many SSTs of many blocks, values larger than a block.
    NamedSettings building =
        NamedSettings.parse(
            "built",
            "compression=LZ4,blockSize=512,memtableBytes=4096,targetFileSizeBytes=2048,"
                + "maxBytesForLevelBase=16384,l0CompactionTrigger=2,blockCacheBytes=1048576");
    DbStore store = (DbStore) building.factory(root, mf).open();
    History expected = LogRunner.run(log, model);
    History actual = LogRunner.run(log, store);
    assertEquals(-1, expected.firstDifference(actual), "the undamaged store disagrees");
    store.checkpoint(CHECKPOINT);
    model.checkpoint(CHECKPOINT);
    // A file cut short is indistinguishable from a crash in the middle of writing it, after which
    // the previous version of the manifest (or registry) is rightly in force. One more version of
    // each with unchanged content makes that previous version answer like the newest: a checkpoint
    // taken and discarded again for the registry, a reopen (which publishes a manifest) for the
    // store.
    store.checkpoint(CHECKPOINT + 1);
    store.discardCheckpoint(CHECKPOINT + 1);
    store.reopen();
    Path dbDir = Path.of(java.net.URI.create(store.options().dirUri()));
    Path chkDir = Path.of(store.checkpointStorage().root().toUri());
    // What a read of the store or a restore of the checkpoint depends on: the live SSTs, the two
    // newest manifests, the checkpoint's metadata and the two newest registry versions.
    List<Target> ssts = new ArrayList<>();
    for (org.apache.hadoop.fs.Path p : StoreEngine.of(store.db()).liveFilePaths()) {
      ssts.add(new Target(dbDir.relativize(Path.of(p.toUri())), false));
    }
    store.close();
    List<Target> manifests = newest(dbDir, "MANIFEST-", false);
    List<Target> registries = newest(chkDir, "registry-", true);
    List<Target> metadata =
        List.of(new Target(Path.of(String.format("chk-%020d", CHECKPOINT)), true));
    List<List<Target>> kinds = List.of(ssts, ssts, manifests, registries, metadata);
    int targetCount = ssts.size() + manifests.size() + registries.size() + metadata.size();
    NavigableMap<byte[], byte[]> state = ModelStore.newMap();
    state.putAll(model.state());
    NavigableMap<byte[], byte[]> atCheckpoint = ModelStore.newMap();
    atCheckpoint.putAll(model.checkpointState(CHECKPOINT));
    assertTrue(!ssts.isEmpty() && manifests.size() == 2 && registries.size() == 2, "files");

    int detected = 0;
    java.util.TreeMap<String, Integer> byKind = new java.util.TreeMap<>();
    for (int d = 0; d < damages; d++) {
      SplittableRandom r = new SplittableRandom(seed * 31 + d);
      // SSTs half of the time, each kind of metadata file otherwise.
      List<Target> kind = kinds.get(r.nextInt(kinds.size()));
      Target t = kind.get(r.nextInt(kind.size()));
      Path copy = dir.resolve("damage-" + d);
      Path copyDb = copy.resolve("db");
      Path copyChk = copy.resolve("chk");
      copyTree(dbDir, copyDb);
      copyTree(chkDir, copyChk);
      Path file = (t.checkpointFile ? copyChk : copyDb).resolve(t.relative);
      String damage = damage(file, r);
      String what = "damage " + d + " (" + damage + " of " + t.relative + ")";
      StorageRoot copyRoot = new StorageRoot(copy.toUri().toString(), null);
      boolean threw;
      if (t.checkpointFile) {
        threw = checkCheckpoint(copyChk, config, copyRoot, mf, atCheckpoint, file, what);
      } else {
        threw =
            checkStore(config.options(copyDb.toUri().toString(), copyRoot, mf), state, file, what);
      }
      detected += threw ? 1 : 0;
      byKind.merge(kindOf(t.relative) + (threw ? " refused" : " answered"), 1, Integer::sum);
    }
    System.out.println(
        "corruption: "
            + damages
            + " damaged copies of "
            + targetCount
            + " files (SSTs, manifests, checkpoint metadata, registry) of a store built by "
            + log.size()
            + " ops (seed "
            + seed
            + "): "
            + detected
            + " refused with an I/O error naming the file, "
            + (damages - detected)
            + " answered exactly as the model "
            + byKind);
  }

  /** The two newest files of {@code dir} whose names start with {@code prefix}. */
  private static List<Target> newest(Path dir, String prefix, boolean checkpointFile)
      throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all =
          files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
      return all.subList(Math.max(0, all.size() - 2), all.size()).stream()
          .map(p -> new Target(dir.relativize(p), checkpointFile))
          .toList();
    }
  }

  private static String kindOf(Path relative) {
    String name = relative.getFileName().toString();
    return name.endsWith(".sst") ? "sst" : name.replaceAll("-.*", "");
  }

  /** Opens and reads a damaged store; returns whether some step threw. */
  private static boolean checkStore(
      io.sediment.lsm.DbOptions options,
      NavigableMap<byte[], byte[]> state,
      Path damaged,
      String what) {
    Db db;
    try {
      db = Db.open(options);
    } catch (Exception e) {
      return acceptable(e, damaged, what + ", open");
    }
    boolean threw = false;
    try {
      threw |= readAll(db, state, damaged, what);
    } finally {
      try {
        db.close();
      } catch (IOException e) {
        threw |= acceptable(e, damaged, what + ", close");
      }
    }
    return threw;
  }

  /** Restores the checkpoint from damaged checkpoint files; returns whether some step threw. */
  private static boolean checkCheckpoint(
      Path chkDir,
      NamedSettings config,
      StorageRoot root,
      ConcatMergeFunction mf,
      NavigableMap<byte[], byte[]> atCheckpoint,
      Path damaged,
      String what) {
    try (CheckpointStorage storage =
        CheckpointStorage.open(chkDir.toUri().toString(), new Configuration())) {
      try (Db db =
          Restore.open(
              storage.load(CHECKPOINT),
              config.options(root.newDirUri("restored"), root, mf),
              RestoreMode.NO_CLAIM)) {
        return readAll(db, atCheckpoint, damaged, what);
      }
    } catch (Exception e) {
      return acceptable(e, damaged, what + ", restore");
    }
  }

  /** Scans both ways and gets every key; returns whether some read threw. */
  private static boolean readAll(
      Db db, NavigableMap<byte[], byte[]> state, Path damaged, String what) {
    boolean threw = false;
    try {
      NavigableMap<byte[], byte[]> forward = ModelStore.newMap();
      try (DbIterator it = db.newIterator(ReadOptions.defaults())) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          forward.put(it.key(), it.value());
        }
      }
      if (!RecoveryModel.sameState(state, forward)) {
        fail(
            what
                + ": forward scan answered wrong: "
                + RecoveryModel.firstDifference(state, forward));
      }
    } catch (Exception e) {
      threw |= acceptable(e, damaged, what + ", forward scan");
    }
    try {
      List<byte[]> keys = new ArrayList<>();
      try (DbIterator it = db.newIterator(ReadOptions.defaults())) {
        for (it.seekToLast(); it.isValid(); it.prev()) {
          keys.add(it.key());
          byte[] v = state.get(it.key());
          if (!Arrays.equals(v, it.value())) {
            fail(what + ": reverse scan answered wrong at " + ByteText.summarize(it.key()));
          }
        }
      }
      if (keys.size() != state.size()) {
        fail(what + ": reverse scan saw " + keys.size() + " keys of " + state.size());
      }
    } catch (Exception e) {
      threw |= acceptable(e, damaged, what + ", reverse scan");
    }
    for (Map.Entry<byte[], byte[]> e : state.entrySet()) {
      byte[] absent = Arrays.copyOf(e.getKey(), e.getKey().length + 1);
      absent[absent.length - 1] = 1;
      try {
        if (!Arrays.equals(e.getValue(), db.get(e.getKey()))) {
          fail(what + ": get answered wrong at " + ByteText.summarize(e.getKey()));
        }
        if (!state.containsKey(absent) && db.get(absent) != null) {
          fail(what + ": get found absent key " + ByteText.summarize(absent));
        }
      } catch (Exception ex) {
        threw |= acceptable(ex, damaged, what + ", get");
      }
    }
    return threw;
  }

  /**
   * A read that threw is acceptable if it threw an I/O error naming the damaged file (somewhere in
   * its causes); anything else fails the test. Returns true.
   */
  private static boolean acceptable(Exception e, Path damaged, String what) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (!(t instanceof IOException)) {
      throw new AssertionError(what + ": threw " + t + " instead of an IOException", t);
    }
    String name = damaged.getFileName().toString();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (String.valueOf(c.getMessage()).contains(name)) {
        return true;
      }
    }
    throw new AssertionError(what + ": " + t + " does not name the damaged file " + name, t);
  }

  /** Flips one to three bytes, or cuts the file short, at seeded offsets; says which. */
  private static String damage(Path file, SplittableRandom r) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length == 0 || r.nextInt(4) == 0) {
      int keep = b.length == 0 ? 0 : r.nextInt(b.length);
      Files.write(file, Arrays.copyOf(b, keep));
      return "truncated to " + keep + " of " + b.length + " bytes";
    }
    int flips = 1 + r.nextInt(3);
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < flips; i++) {
      int offset = r.nextInt(b.length);
      b[offset] ^= (byte) (1 + r.nextInt(255));
      at.append(i == 0 ? "" : ",").append(offset);
    }
    Files.write(file, b);
    return "bytes flipped at " + at + " of " + b.length;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          Files.copy(p, to.resolve(p.getFileName()));
        }
      }
    }
  }
}
