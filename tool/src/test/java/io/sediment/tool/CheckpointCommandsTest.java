package io.sediment.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.compaction.MergeFunctions;
import io.sediment.compaction.MergeValues;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.VersionedPublisher;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointDescription;
import io.sediment.snapshot.CheckpointFile;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointInspector;
import io.sediment.snapshot.CheckpointStorage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** checkpoint-info and verify --checkpoint on a real root holding two checkpoints. */
class CheckpointCommandsTest {

  private static final String FIRST = "chk-00000000000000000001";
  private static final String SECOND = "chk-00000000000000000002";

  @TempDir Path tmp;
  private Path store;
  private Path root;
  private CheckpointHandle first;
  private CheckpointHandle second;

  /**
   * A store of 1000 keys in several small files, checkpoint 1, then writes to the first 60 keys
   * compacted in place and checkpoint 2, which shares the files of the untouched keys.
   */
  @BeforeEach
  void twoCheckpoints() throws Exception {
    store = tmp.resolve("store");
    root = tmp.resolve("checkpoints");
    DbOptions options =
        DbOptions.builder(store.toUri().toString())
            .mergeFunction(MergeFunctions.uint64Add())
            .targetFileSizeBytes(4 << 10)
            .build();
    try (Db db = Db.open(options);
        CheckpointStorage storage =
            CheckpointStorage.open(root.toUri().toString(), new Configuration())) {
      for (int i = 0; i < 1000; i++) {
        db.put(key(i), ("value-" + i).getBytes(StandardCharsets.US_ASCII));
      }
      db.merge("counter".getBytes(StandardCharsets.US_ASCII), MergeValues.uint64(1));
      db.compactRange(null, null);
      first = storage.checkpoint(db, 1);
      for (int i = 0; i < 50; i++) {
        db.put(key(i), ("again-" + i).getBytes(StandardCharsets.US_ASCII));
      }
      db.delete(key(55));
      db.compactRange(key(0), key(60));
      second = storage.checkpoint(db, 2);
    }
    assertTrue(shared().size() > 0 && shared().size() < second.fileCount(), second.toString());
  }

  private static byte[] key(int i) {
    return String.format("k%05d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private List<String> shared() {
    List<String> both = new ArrayList<>(first.physicalPaths());
    both.retainAll(second.physicalPaths());
    return both;
  }

  private List<String> onlyInFirst() {
    List<String> only = new ArrayList<>(first.physicalPaths());
    only.removeAll(second.physicalPaths());
    return only;
  }

  private static Path local(String physicalPath) {
    return Path.of(URI.create(physicalPath));
  }

  private static void flipByte(Path file, long offset) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  private static void assertOneLineFailure(ToolRun r, String... named) {
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    for (String n : named) {
      assertTrue(r.err().contains(n), n + " in\n" + r);
    }
  }

  @Test
  void rootListsCheckpointsAndReferenceCounts() {
    ToolRun r = ToolRun.of("checkpoint-info", root.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    String out = r.out();
    assertTrue(out.contains("retained           2 checkpoints"), out);
    int distinct = first.fileCount() + second.fileCount() - shared().size();
    int onlyOne = distinct - shared().size();
    assertTrue(
        out.contains(
            distinct
                + ", "
                + Units.bytes(first.stateSizeBytes() + second.stateSizeBytes() - sharedBytes())
                + ": "
                + shared().size()
                + " referenced by 2 checkpoints, "
                + onlyOne
                + " by 1 checkpoint"),
        out);
    assertTrue(out.contains("pending deletion   none"), out);
    assertTrue(out.contains("orphan metadata    none"), out);
    for (CheckpointHandle h : List.of(first, second)) {
      String row =
          String.format(
              "  %-8d %12d %6d %11s %7d %10d  chk-%020d",
              h.id(),
              h.sequence(),
              h.fileCount(),
              Units.bytes(h.stateSizeBytes()),
              shared().size(),
              h.fileCount() - shared().size(),
              h.id());
      assertTrue(out.contains(row), row + " in\n" + out);
    }
    assertFalse(out.contains("referenced files (reference count"), out);

    ToolRun files = ToolRun.of("checkpoint-info", "--files", root.toUri().toString());
    assertEquals(Main.OK, files.code(), files.toString());
    for (String p : shared()) {
      assertTrue(files.out().contains("  2  " + p + "  (checkpoints 1, 2)"), p + "\n" + files);
    }
    for (String p : onlyInFirst()) {
      assertTrue(files.out().contains("  1  " + p + "  (checkpoint 1)"), p + "\n" + files);
    }
  }

  private long sharedBytes() {
    long bytes = 0;
    for (String p : shared()) {
      bytes += local(p).toFile().length();
    }
    return bytes;
  }

  @Test
  void oneCheckpointPrintsEverythingItsMetadataRecords() throws Exception {
    ToolRun r = ToolRun.of("checkpoint-info", "--id", "2", root.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    String out = r.out();
    assertTrue(out.startsWith("checkpoint 2\n"), out);
    assertTrue(out.contains(SECOND + " ("), out);
    assertTrue(out.contains("status             retained (registry version"), out);
    assertTrue(out.contains("sequence number    " + second.sequence()), out);
    assertTrue(out.contains("merge function     " + MergeFunctions.uint64Add().name()), out);
    assertTrue(out.contains("compression        LZ4 on every level"), out);
    assertTrue(
        out.contains(
            shared().size()
                + " shared with other retained checkpoints, "
                + (second.fileCount() - shared().size())
                + " in this one only"),
        out);
    CheckpointDescription m =
        CheckpointInspector.describe(Files.readAllBytes(root.resolve(SECOND)), SECOND);
    for (CheckpointFile f : m.files()) {
      assertTrue(
          out.contains(
              "  "
                  + f.logicalName()
                  + "  "
                  + f.sizeBytes()
                  + " bytes, "
                  + f.entryCount()
                  + " entries"),
          f + "\n" + out);
      assertTrue(out.contains("      at      " + f.physicalPath()), out);
    }
    assertTrue(out.matches("(?s).*level \\d: " + second.fileCount() + " files.*"), out);
    assertTrue(out.contains("keys    ['counter' @"), out);
    assertTrue(out.contains("refs    2 retained checkpoints (shared)"), out);
    assertTrue(out.contains("refs    1 retained checkpoint\n"), out);

    // The metadata file itself reads the same, with the registry of the root it is in.
    ToolRun byFile = ToolRun.of("checkpoint-info", root.resolve(SECOND).toString());
    assertEquals(Main.OK, byFile.code(), byFile.toString());
    assertTrue(byFile.out().contains("refs    2 retained checkpoints (shared)"), byFile.out());
  }

  @Test
  void savedHandleBytesOutsideARootPrintWithoutReferenceCounts() throws Exception {
    Path saved = Files.write(tmp.resolve("handle.bin"), first.toBytes());
    ToolRun r = ToolRun.of("checkpoint-info", saved.toString());
    assertEquals(Main.OK, r.code(), r.toString());
    assertTrue(r.out().contains("not in a checkpoint root: reference counts unknown"), r.out());
    for (String p : first.physicalPaths()) {
      assertTrue(r.out().contains(p), p + "\n" + r.out());
    }
    assertFalse(r.out().contains("refs "), r.out());
  }

  @Test
  void badArgumentsAreUsageErrorsNamingTheValue() throws Exception {
    ToolRun none = ToolRun.of("checkpoint-info");
    assertEquals(Main.USAGE, none.code());
    assertTrue(none.err().contains("one checkpoint root or metadata file"), none.err());
    assertTrue(none.err().contains("checkpoint-info --id N <root>"), none.err());
    assertEquals(Main.USAGE, ToolRun.of("checkpoint-info", root.toString(), "x").code());
    ToolRun word = ToolRun.of("checkpoint-info", "--id", "abc", root.toString());
    assertEquals(Main.USAGE, word.code());
    assertTrue(word.err().contains("'abc'"), word.err());
    ToolRun negative = ToolRun.of("checkpoint-info", "--id", "-1", root.toString());
    assertEquals(Main.USAGE, negative.code());
    assertTrue(negative.err().contains("got -1"), negative.err());
    ToolRun noValue = ToolRun.of("checkpoint-info", root.toString(), "--id");
    assertEquals(Main.USAGE, noValue.code());
    assertTrue(noValue.err().contains("'--id'"), noValue.err());
    ToolRun both = ToolRun.of("checkpoint-info", "--id", "1", "--files", root.toString());
    assertEquals(Main.USAGE, both.code());
    ToolRun unknown = ToolRun.of("checkpoint-info", "--verbose", root.toString());
    assertEquals(Main.USAGE, unknown.code());
    assertTrue(unknown.err().contains("'--verbose'"), unknown.err());
    ToolRun idOfFile = ToolRun.of("checkpoint-info", "--id", "2", root.resolve(SECOND).toString());
    assertEquals(Main.USAGE, idOfFile.code());
    assertTrue(idOfFile.err().contains(SECOND + " is a file"), idOfFile.err());
  }

  @Test
  void wrongPathsAndIdsFailWithOneLineNamingThem() throws Exception {
    Path missing = tmp.resolve("no-such-root");
    assertOneLineFailure(ToolRun.of("checkpoint-info", missing.toString()), "no-such-root");
    assertFalse(Files.exists(missing), "checkpoint-info must not create the directory");

    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertOneLineFailure(
        ToolRun.of("checkpoint-info", empty.toString()), "empty", "is not a checkpoint root");
    assertOneLineFailure(
        ToolRun.of("checkpoint-info", store.toString()), "store", "is a store directory");
    assertOneLineFailure(
        ToolRun.of("checkpoint-info", "--id", "99", root.toString()),
        "no checkpoint 99 in",
        "(retained: 1, 2)");
    String sst = first.physicalPaths().get(0);
    assertOneLineFailure(
        ToolRun.of("checkpoint-info", sst), local(sst).getFileName().toString(), "magic");
    assertOneLineFailure(
        ToolRun.of("verify", "--checkpoint", "--id", "99", root.toString()), "checkpoint 99");
    assertOneLineFailure(
        ToolRun.of("verify", "--checkpoint", empty.toString()), "is not a checkpoint root");
  }

  @Test
  void verifyPassesOnHealthyCheckpoints() {
    int distinct = first.fileCount() + second.fileCount() - shared().size();
    int references = first.fileCount() + second.fileCount();
    ToolRun all = ToolRun.of("verify", "--checkpoint", root.toString());
    assertEquals(Main.OK, all.code(), all.toString());
    assertTrue(all.out().startsWith("ok: 2 checkpoints in "), all.out());
    assertTrue(
        all.out().contains(distinct + " distinct files (" + references + " references)"),
        all.out());

    ToolRun one = ToolRun.of("verify", "--checkpoint", "--id", "1", root.toUri().toString());
    assertEquals(Main.OK, one.code(), one.toString());
    assertTrue(one.out().startsWith("ok: checkpoint 1 in "), one.out());

    ToolRun file = ToolRun.of("verify", "--checkpoint", root.resolve(SECOND).toString());
    assertEquals(Main.OK, file.code(), file.toString());
    assertTrue(file.out().startsWith("ok: checkpoint 2 of "), file.out());

    assertEquals(Main.USAGE, ToolRun.of("verify", "--id", "1", root.toString()).code());
    assertEquals(Main.USAGE, ToolRun.of("verify", "--checkpoint").code());
  }

  @Test
  void verifyFindsAFlippedByteInASharedFile() throws Exception {
    Path victim = local(shared().get(0));
    flipByte(victim, 50);
    ToolRun r = ToolRun.of("verify", "--checkpoint", root.toString());
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertTrue(r.err().contains("checkpoint 1: corruption in"), r.err());
    assertTrue(r.err().contains(victim.getFileName().toString()), r.err());
    assertTrue(r.err().contains("1 problem in 2 checkpoints"), r.err());
    // Both checkpoints list it: each is reported damaged when verified alone.
    assertEquals(Main.FAILED, ToolRun.of("verify", "--checkpoint", "--id", "2", "" + root).code());
    // The metadata is intact, so it still prints.
    assertEquals(Main.OK, ToolRun.of("checkpoint-info", root.toString()).code());
  }

  @Test
  void verifyFindsAMissingFileAndTellsWhichCheckpointNeedsIt() throws Exception {
    Path gone = local(onlyInFirst().get(0));
    Files.delete(gone);
    ToolRun r = ToolRun.of("verify", "--checkpoint", root.toString());
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertTrue(
        r.err().contains("missing: checkpoint 1 references " + onlyInFirst().get(0)), r.err());
    ToolRun stillGood = ToolRun.of("verify", "--checkpoint", "--id", "2", root.toString());
    assertEquals(Main.OK, stillGood.code(), stillGood.toString());
  }

  @Test
  void verifyAndInfoRefuseDamagedMetadata() throws Exception {
    flipByte(root.resolve(SECOND), 40);
    ToolRun verify = ToolRun.of("verify", "--checkpoint", root.toString());
    assertEquals(Main.FAILED, verify.code(), verify.toString());
    assertTrue(verify.err().contains("checkpoint 2: corruption in"), verify.err());
    assertTrue(verify.err().contains(SECOND), verify.err());
    assertTrue(verify.err().contains("checksum mismatch"), verify.err());

    ToolRun info = ToolRun.of("checkpoint-info", root.toString());
    assertEquals(Main.FAILED, info.code(), info.toString());
    assertTrue(info.out().contains("unreadable: corruption in"), info.out());
    assertTrue(info.out().contains("  2        unreadable: corruption in"), info.out());
    assertTrue(info.err().contains("could not be read"), info.err());
    assertOneLineFailure(ToolRun.of("checkpoint-info", "--id", "2", root.toString()), SECOND);

    try (RandomAccessFile f = new RandomAccessFile(root.resolve(FIRST).toFile(), "rw")) {
      f.setLength(f.length() - 3);
    }
    ToolRun truncated = ToolRun.of("verify", "--checkpoint", root.resolve(FIRST).toString());
    assertOneLineFailure(truncated, FIRST, "header declares");
  }

  @Test
  void verifyFindsARegistryThatMiscountsReferences() throws Exception {
    // A registry version that forgets checkpoint 2's reference to one shared file.
    Map<String, Integer> counts = new TreeMap<>();
    for (CheckpointHandle h : List.of(first, second)) {
      for (String p : h.physicalPaths()) {
        counts.merge(p, 1, Integer::sum);
      }
    }
    String miscounted = shared().get(0);
    counts.put(miscounted, 1);
    try (FileSystemView view = FileSystemView.open(root.toUri(), new Configuration())) {
      VersionedPublisher registry = new VersionedPublisher(view, view.root(), "registry");
      long next = registry.latest().orElseThrow().version() + 1;
      assertTrue(registry.publish(next, registryContent(List.of(1L, 2L), counts)));
    }
    ToolRun r = ToolRun.of("verify", "--checkpoint", root.toString());
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertTrue(
        r.err()
            .contains(
                "inconsistent: the registry counts 1 references to "
                    + miscounted
                    + ", the retained and held checkpoints list it 2 times"),
        r.err());
    // checkpoint-info shows what the registry records.
    ToolRun info = ToolRun.of("checkpoint-info", "--files", root.toString());
    assertTrue(info.out().contains("  1  " + miscounted + "  (checkpoints 1, 2)"), info.out());
  }

  @Test
  void verifyRefusesADamagedNewestRegistry() throws Exception {
    List<Path> registries;
    try (var files = Files.list(root)) {
      registries =
          files.filter(p -> p.getFileName().toString().startsWith("registry-")).sorted().toList();
    }
    Path newest = registries.get(registries.size() - 1);
    flipByte(newest, Files.size(newest) - 1);
    ToolRun r = ToolRun.of("verify", "--checkpoint", root.toString());
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertTrue(r.err().contains("corruption in "), r.err());
    assertTrue(r.err().contains(newest.getFileName().toString()), r.err());
    assertFalse(r.err().contains("corruption: corruption"), "said once: " + r.err());
  }

  /** Registry content as {@code docs/format/checkpoint.md} lays it out, without pending files. */
  private static byte[] registryContent(List<Long> retained, Map<String, Integer> counts)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(0x5345445348524547L);
    out.writeInt(1);
    out.writeInt(retained.size());
    for (long id : retained) {
      out.writeLong(id);
    }
    out.writeInt(counts.size());
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
      out.writeInt(path.length);
      out.write(path);
      out.writeInt(e.getValue());
    }
    out.writeInt(0);
    out.flush();
    return bytes.toByteArray();
  }
}
