package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.InProcessS3;
import io.sediment.lsm.spi.StoreEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CorruptionTest} on {@code s3a://}, against an in-process S3 API server: a store and a
 * checkpoint are built on S3 by a generated log; then, round after round, their objects are copied
 * to a fresh prefix, one of them (an SST, a manifest, the checkpoint metadata or a registry
 * version) is read back and rewritten through S3A with one seeded damage (bytes flipped or the
 * object cut short), and everything is read back through S3A: opening the store, a forward and a
 * reverse scan, a get of every key, restoring the checkpoint. Each step either throws an {@link
 * IOException} that names the damaged object (a {@code CorruptionException} for a failed check) or
 * answers exactly what the model answers ({@link DamageChecks}).
 *
 * <p>A smaller budget than on a local disk: a log of 300 operations instead of 600, and 10 damaged
 * copies instead of 80 (each copy is some 50 uploads, and a store opened and read through a real
 * HTTP stack): about 15 s on an idle machine, 25 s on a busy one. {@code -Dfuzz.damages=N} damages
 * more copies, {@code -Dfuzz.firstSeed=S} builds another store.
 */
class S3CorruptionTest {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  private static final long CHECKPOINT = 1_000_000;

  /** An object to damage, and whether it belongs to the store or to the checkpoint storage. */
  private record Target(String name, boolean checkpointFile) {}

  @Test
  void damagedObjectsThrowOrAnswerRight() throws Exception {
    long seed = FuzzProperties.firstSeed(0x53C0_0000L);
    int damages = Integer.getInteger("fuzz.damages", 10);
    Configuration conf = S3.configuration();
    ConcatMergeFunction mf = new ConcatMergeFunction();
    // Compactions off on reopen: a damaged copy is only read (and one manifest written at open).
    NamedSettings config =
        NamedSettings.parse(
            "damaged",
            "compression=LZ4,blockSize=1024,memtableBytes=4096,targetFileSizeBytes=4096,"
                + "maxBytesForLevelBase=1099511627776,l0CompactionTrigger=1000,"
                + "l0StopWritesTrigger=4000,blockCacheBytes=1048576");
    StorageRoot root = new StorageRoot(S3.freshDir("corruption").toString(), conf);

    // Build, as on a local disk: a generated log with no restores (every live file is in the
    // store's own directory), one more checkpoint to damage, then a second version of the registry
    // and of the manifest with unchanged content, so that a cut-short newest version (read as a
    // crash while writing it) leaves a previous one that answers the same.
    GeneratorConfig gen =
        GeneratorConfig.defaults()
            .withWeight(OpKind.RESTORE, 0)
            .withWeight(OpKind.FLUSH, 6)
            .withValues(0.05, 0.15, 600, 3000);
    List<Op> log = OpGenerator.generate(gen, seed, 300);
    ModelStore model = new ModelStore(mf);
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
    store.checkpoint(CHECKPOINT + 1);
    store.discardCheckpoint(CHECKPOINT + 1);
    store.reopen();
    Path dbDir = new Path(store.options().dirUri());
    Path chkDir = store.checkpointStorage().root();
    List<Target> ssts = new ArrayList<>();
    for (Path p : StoreEngine.of(store.db()).liveFilePaths()) {
      assertEquals(dbDir.getName(), p.getParent().getName(), "a live file outside the store");
      ssts.add(new Target(p.getName(), false));
    }
    store.close();

    FileSystem fs = FileSystem.newInstance(URI.create(root.uri()), conf);
    try {
      Map<String, byte[]> dbObjects = readObjects(fs, dbDir);
      Map<String, byte[]> chkObjects = readObjects(fs, chkDir);
      List<Target> manifests = newest(dbObjects, "MANIFEST-", false);
      List<Target> registries = newest(chkObjects, "registry-", true);
      List<Target> metadata = List.of(new Target(String.format("chk-%020d", CHECKPOINT), true));
      assertTrue(chkObjects.containsKey(metadata.get(0).name()), "checkpoint metadata");
      List<List<Target>> kinds = List.of(ssts, ssts, manifests, registries, metadata);
      assertTrue(!ssts.isEmpty() && manifests.size() == 2 && registries.size() == 2, "objects");
      NavigableMap<byte[], byte[]> state = ModelStore.newMap();
      state.putAll(model.state());
      NavigableMap<byte[], byte[]> atCheckpoint = ModelStore.newMap();
      atCheckpoint.putAll(model.checkpointState(CHECKPOINT));

      int detected = 0;
      TreeMap<String, Integer> byKind = new TreeMap<>();
      long start = System.nanoTime();
      for (int d = 0; d < damages; d++) {
        SplittableRandom r = new SplittableRandom(seed * 31 + d);
        List<Target> kind = kinds.get(r.nextInt(kinds.size()));
        Target t = kind.get(r.nextInt(kind.size()));
        StorageRoot copyRoot = new StorageRoot(root.newDirUri("damage-" + d), conf);
        Path copyDb = new Path(copyRoot.uri() + "/db");
        Path copyChk = new Path(copyRoot.uri() + "/chk");
        writeObjects(fs, copyDb, dbObjects);
        writeObjects(fs, copyChk, chkObjects);
        Path object = new Path(t.checkpointFile() ? copyChk : copyDb, t.name());
        DamageChecks.Damage damage = DamageChecks.damage(read(fs, object), r);
        write(fs, object, damage.bytes(), true);
        String what = "damage " + d + " (" + damage.description() + " of " + object + ")";
        boolean threw;
        if (t.checkpointFile()) {
          threw =
              DamageChecks.checkCheckpoint(
                  copyChk.toString(),
                  conf,
                  CHECKPOINT,
                  config.options(copyRoot.newDirUri("restored"), copyRoot, mf),
                  atCheckpoint,
                  t.name(),
                  what);
        } else {
          threw =
              DamageChecks.checkStore(
                  config.options(copyDb.toString(), copyRoot, mf), state, t.name(), what);
        }
        detected += threw ? 1 : 0;
        byKind.merge(
            DamageChecks.kindOf(t.name()) + (threw ? " refused" : " answered"), 1, Integer::sum);
      }
      System.out.println(
          "s3 corruption: "
              + damages
              + " damaged copies of "
              + (ssts.size() + manifests.size() + registries.size() + metadata.size())
              + " objects (SSTs, manifests, checkpoint metadata, registry) of a store built on S3"
              + " by "
              + log.size()
              + " ops (seed "
              + seed
              + ") in "
              + (System.nanoTime() - start) / 1_000_000
              + " ms: "
              + detected
              + " refused with an I/O error naming the object, "
              + (damages - detected)
              + " answered exactly as the model "
              + byKind
              + "; S3 requests "
              + S3.requests().counts());
    } finally {
      fs.close();
    }
  }

  /** Every object directly under {@code dir}, by name, in name order. */
  private static Map<String, byte[]> readObjects(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> files = new ArrayList<>(List.of(fs.listStatus(dir)));
    files.sort(Comparator.comparing(s -> s.getPath().getName()));
    Map<String, byte[]> objects = new LinkedHashMap<>();
    for (FileStatus s : files) {
      if (s.isFile()) {
        objects.put(s.getPath().getName(), read(fs, s.getPath()));
      }
    }
    return objects;
  }

  private static void writeObjects(FileSystem fs, Path dir, Map<String, byte[]> objects)
      throws IOException {
    for (Map.Entry<String, byte[]> e : objects.entrySet()) {
      write(fs, new Path(dir, e.getKey()), e.getValue(), false);
    }
  }

  private static byte[] read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  private static void write(FileSystem fs, Path path, byte[] bytes, boolean overwrite)
      throws IOException {
    try (OutputStream out = fs.create(path, overwrite)) {
      out.write(bytes);
    }
  }

  /** The two newest objects whose names start with {@code prefix}. */
  private static List<Target> newest(
      Map<String, byte[]> objects, String prefix, boolean checkpointFile) {
    List<String> names = objects.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
    return names.subList(Math.max(0, names.size() - 2), names.size()).stream()
        .map(n -> new Target(n, checkpointFile))
        .toList();
  }
}
