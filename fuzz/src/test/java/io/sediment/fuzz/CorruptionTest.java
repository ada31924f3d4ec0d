package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.spi.StoreEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      String name = file.getFileName().toString();
      boolean threw;
      if (t.checkpointFile) {
        threw =
            DamageChecks.checkCheckpoint(
                copyChk.toUri().toString(),
                new Configuration(),
                CHECKPOINT,
                config.options(copyRoot.newDirUri("restored"), copyRoot, mf),
                atCheckpoint,
                name,
                what);
      } else {
        threw =
            DamageChecks.checkStore(
                config.options(copyDb.toUri().toString(), copyRoot, mf), state, name, what);
      }
      detected += threw ? 1 : 0;
      byKind.merge(
          DamageChecks.kindOf(t.relative.getFileName().toString())
              + (threw ? " refused" : " answered"),
          1,
          Integer::sum);
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

  /** Damages {@code file} in place; says how. */
  private static String damage(Path file, SplittableRandom r) throws IOException {
    DamageChecks.Damage d = DamageChecks.damage(Files.readAllBytes(file), r);
    Files.write(file, d.bytes());
    return d.description();
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
