package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Compression;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.spi.InternalKeys;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CheckpointInspector} on a real local checkpoint root holding two checkpoints. */
class CheckpointInspectorTest {

  private static final String SECOND = "chk-00000000000000000002";

  /** Concatenates operands: a merge function whose name the metadata records. */
  private static final MergeFunction APPEND =
      new MergeFunction() {
        @Override
        public String name() {
          return "append";
        }

        @Override
        public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          if (base != null) {
            out.writeBytes(base);
          }
          operands.forEach(out::writeBytes);
          return out.toByteArray();
        }
      };

  @TempDir Path tmp;
  private Path root;
  private String rootUri;
  private final Configuration conf = new Configuration();
  private CheckpointHandle first;
  private CheckpointHandle second;

  private DbOptions options(String name) {
    return DbOptions.builder(tmp.resolve(name).toUri().toString())
        .mergeFunction(APPEND)
        .compression(Compression.LZ4)
        .compression(5, Compression.ZSTD)
        .compression(6, Compression.NONE)
        .targetFileSizeBytes(4 << 10)
        .build();
  }

  /** 1000 keys compacted into several files, checkpoint 1; 60 keys rewritten, checkpoint 2. */
  @BeforeEach
  void twoCheckpoints() throws IOException {
    root = tmp.resolve("checkpoints");
    rootUri = root.toUri().toString();
    try (Db db = Db.open(options("store"));
        CheckpointStorage storage = CheckpointStorage.open(rootUri, conf)) {
      for (int i = 0; i < 1000; i++) {
        db.put(key(i), ("value-" + i).getBytes(StandardCharsets.US_ASCII));
      }
      db.merge(key(1000), new byte[] {1});
      db.compactRange(null, null);
      first = storage.checkpoint(db, 1);
      for (int i = 0; i < 60; i++) {
        db.put(key(i), ("again-" + i).getBytes(StandardCharsets.US_ASCII));
      }
      db.delete(key(55));
      db.compactRange(key(0), key(60));
      second = storage.checkpoint(db, 2);
    }
  }

  private static byte[] key(int i) {
    return String.format("k%05d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private static Path local(String physicalPath) {
    return Path.of(URI.create(physicalPath));
  }

  private CheckpointInspector inspector() throws IOException {
    return CheckpointInspector.open(rootUri, conf);
  }

  @Test
  void describesAHandleWithEveryFileAsOnDisk() throws IOException {
    byte[] bytes = second.toBytes();
    CheckpointDescription d = CheckpointInspector.describe(bytes, "saved handle");
    assertEquals("saved handle", d.source());
    assertEquals(3, d.formatVersion());
    assertEquals(null, d.keyGroupRange());
    assertEquals(0, d.maxParallelism());
    assertEquals(bytes.length, d.encodedBytes());
    assertEquals(2, d.id());
    assertEquals(second.sequence(), d.sequence());
    assertEquals(second.storageUri(), d.storageUri());
    assertEquals("append", d.mergeFunctionName());
    assertEquals(List.of(1, 1, 1, 1, 1, 2, 0), d.compressionCodes());
    assertEquals(Compression.LZ4, d.compression(0).orElseThrow());
    assertEquals(Compression.ZSTD, d.compression(5).orElseThrow());
    assertEquals(Compression.NONE, d.compression(6).orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> d.compression(7));
    assertEquals(second.fileCount(), d.fileCount());
    assertEquals(second.stateSizeBytes(), d.stateSizeBytes());
    assertEquals(
        second.physicalPaths(), d.files().stream().map(CheckpointFile::physicalPath).toList());

    int listed = 0;
    Set<Long> numbers = new TreeSet<>();
    for (int level = 0; level < d.compressionCodes().size(); level++) {
      List<CheckpointFile> files = new ArrayList<>(d.filesAtLevel(level));
      files.sort((a, b) -> InternalKeys.compare(a.smallestInternalKey(), b.smallestInternalKey()));
      listed += files.size();
      for (int i = 0; i < files.size(); i++) {
        CheckpointFile f = files.get(i);
        assertEquals(level, f.level());
        assertTrue(numbers.add(f.fileNumber()), "numbers are unique: " + f);
        assertEquals(Files.size(local(f.physicalPath())), f.sizeBytes(), f.toString());
        assertEquals(local(f.physicalPath()).getFileName().toString(), f.logicalName());
        assertTrue(f.entryCount() > 0, f.toString());
        assertTrue(f.smallestSequence() <= f.largestSequence(), f.toString());
        assertTrue(f.largestSequence() <= d.sequence(), f.toString());
        byte[] lo = f.smallestInternalKey();
        byte[] hi = f.largestInternalKey();
        assertArrayEquals(InternalKeys.userKey(lo), f.smallestUserKey());
        assertArrayEquals(InternalKeys.userKey(hi), f.largestUserKey());
        assertTrue(InternalKeys.compare(lo, hi) <= 0, f.toString());
        if (level > 0 && i > 0) {
          assertTrue(
              Arrays.compareUnsigned(files.get(i - 1).largestUserKey(), f.smallestUserKey()) < 0,
              "levels above 0 do not overlap: " + f);
        }
      }
    }
    assertEquals(d.fileCount(), listed);
    // 999 live puts and one merged key, each in some file.
    assertTrue(d.files().stream().mapToLong(CheckpointFile::entryCount).sum() >= 1000, d::toString);
  }

  @Test
  void describesTheMetadataFilesAndTheRegistryOfARoot() throws IOException {
    try (CheckpointInspector inspector = inspector()) {
      assertEquals(List.of(1L, 2L), inspector.listCheckpointIds());
      assertEquals(SECOND, inspector.metadataPath(2).getName());
      CheckpointDescription d = inspector.checkpoint(2);
      assertEquals(inspector.metadataPath(2).toString(), d.source());
      assertEquals(
          CheckpointInspector.describe(Files.readAllBytes(root.resolve(SECOND)), d.source()), d);
      assertEquals(
          first.physicalPaths(),
          inspector.checkpoint(1).files().stream().map(CheckpointFile::physicalPath).toList());

      List<Long> versions = inspector.listRegistryVersions();
      RegistryDescription r = inspector.registry();
      assertEquals(versions.get(versions.size() - 1), r.version());
      assertEquals(r, inspector.registry(r.version()));
      assertEquals(3, r.formatVersion());
      assertEquals(1, r.stores().size(), "the checkpointed store is recorded");
      assertEquals(Set.of(1L, 2L), r.retained());
      assertEquals(Set.of(), r.held());
      assertEquals(Set.of(), r.pending());
      Map<String, Integer> expected = new TreeMap<>();
      for (CheckpointHandle h : List.of(first, second)) {
        for (String p : h.physicalPaths()) {
          expected.merge(p, 1, Integer::sum);
        }
      }
      assertEquals(expected, r.referenceCounts());
      assertTrue(expected.containsValue(2), "the checkpoints share files");
      assertEquals(
          2,
          r.referenceCount(
              inspector.checkpoint(1).files().stream()
                  .map(CheckpointFile::physicalPath)
                  .filter(second.physicalPaths()::contains)
                  .findFirst()
                  .orElseThrow()));
      assertEquals(0, r.referenceCount("file:/not/referenced"));
      assertEquals(List.of(), inspector.leases());
      assertThrows(UnsupportedOperationException.class, () -> r.retained().add(3L));
    }
  }

  @Test
  void showsHeldCheckpointsAndTheLeasesThatHoldThem() throws IOException {
    try (Db restored = Restore.open(first, options("restored"));
        CheckpointStorage storage = CheckpointStorage.open(rootUri, conf)) {
      assertArrayEquals(
          "value-999".getBytes(StandardCharsets.US_ASCII), restored.get(key(999)), "restored");
      storage.discard(1);
      try (CheckpointInspector inspector = inspector()) {
        RegistryDescription r = inspector.registry();
        assertEquals(Set.of(2L), r.retained());
        assertEquals(Set.of(1L), r.held());
        assertEquals(List.of(1L, 2L), inspector.listCheckpointIds(), "held keeps its metadata");
        assertEquals(first.physicalPaths().size(), inspector.checkpoint(1).fileCount());
        List<CheckpointLease> leases = inspector.leases();
        assertEquals(storage.leases(), leases);
        assertEquals(1, leases.size());
        assertEquals(1, leases.get(0).checkpointId());
        assertTrue(leases.get(0).holder().endsWith("restored"), leases.get(0).holder());
        for (String p : first.physicalPaths()) {
          assertTrue(r.referenceCount(p) > 0, "held files keep their counts: " + p);
        }
      }
    }
  }

  /** Every file of the root, with its size and modification time. */
  private Map<String, List<Object>> rootState() throws IOException {
    Map<String, List<Object>> state = new TreeMap<>();
    try (var files = Files.list(root)) {
      for (Path p : files.toList()) {
        FileTime modified = Files.getLastModifiedTime(p);
        state.put(p.getFileName().toString(), List.of(Files.size(p), modified));
      }
    }
    return state;
  }

  @Test
  void inspectingChangesNothingAndSeesLaterPublishes() throws IOException {
    Map<String, List<Object>> before = rootState();
    List<Long> versionsBefore;
    try (CheckpointInspector inspector = inspector()) {
      versionsBefore = inspector.listRegistryVersions();
      inspector.listCheckpointIds();
      RegistryDescription r = inspector.registry();
      for (long v : versionsBefore) {
        inspector.registry(v);
      }
      for (long id : r.retained()) {
        inspector.checkpoint(id);
      }
      inspector.leases();
      assertEquals(versionsBefore, inspector.listRegistryVersions());
    }
    assertEquals(before, rootState(), "the root is as it was, file by file");

    // A storage publishes past what the inspector read, and the inspector sees it.
    try (CheckpointInspector inspector = inspector();
        CheckpointStorage storage = CheckpointStorage.open(rootUri, conf)) {
      long seen = inspector.registry().version();
      storage.discard(1);
      RegistryDescription now = inspector.registry();
      assertTrue(now.version() > seen, now.toString());
      assertEquals(Set.of(2L), now.retained());
    }

    Path missing = tmp.resolve("no-root");
    assertThrows(
        FileNotFoundException.class,
        () -> CheckpointInspector.open(missing.toUri().toString(), conf));
    assertFalse(Files.exists(missing), "opening must not create the root");
    try (CheckpointInspector empty = CheckpointInspector.open(tmp.toUri().toString(), conf)) {
      assertEquals(List.of(), empty.listCheckpointIds());
      assertEquals(List.of(), empty.listRegistryVersions());
      RegistryDescription none = empty.registry();
      assertEquals(0, none.version());
      assertEquals(Set.of(), none.retained());
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  @Test
  void damagedMetadataIsRefusedNamingFileAndOffset() throws IOException {
    Path metadata = root.resolve(SECOND);
    long length = Files.size(metadata);
    flipByte(metadata, 40);
    try (CheckpointInspector inspector = inspector()) {
      CorruptionException flipped =
          assertThrows(CorruptionException.class, () -> inspector.checkpoint(2));
      assertTrue(flipped.file().endsWith(SECOND), flipped.file());
      assertEquals(length - 4, flipped.offset(), "the CRC at the end: " + flipped.getMessage());
      assertTrue(flipped.getMessage().contains("checksum mismatch"), flipped.getMessage());

      byte[] bytes = Files.readAllBytes(root.resolve("chk-00000000000000000001"));
      CorruptionException cut =
          assertThrows(
              CorruptionException.class,
              () -> CheckpointInspector.describe(Arrays.copyOf(bytes, bytes.length - 3), "cut"));
      assertEquals("cut", cut.file());
      assertEquals(12, cut.offset(), cut.getMessage());

      // Another checkpoint's metadata under this id.
      Files.write(root.resolve("chk-00000000000000000007"), bytes);
      CorruptionException other =
          assertThrows(CorruptionException.class, () -> inspector.checkpoint(7));
      assertTrue(other.file().endsWith("chk-00000000000000000007"), other.file());
      assertEquals(16, other.offset());
      assertTrue(other.getMessage().contains("holds checkpoint 1"), other.getMessage());

      byte[] sst = Files.readAllBytes(local(first.physicalPaths().get(0)));
      CorruptionException notMetadata =
          assertThrows(CorruptionException.class, () -> CheckpointInspector.describe(sst, "sst"));
      assertTrue(notMetadata.getMessage().contains("magic"), notMetadata.getMessage());

      FileNotFoundException absent =
          assertThrows(FileNotFoundException.class, () -> inspector.checkpoint(9));
      assertTrue(absent.getMessage().contains("chk-00000000000000000009"), absent.getMessage());
      assertThrows(IllegalArgumentException.class, () -> inspector.checkpoint(-1));
    }
  }

  @Test
  void aTornNewestRegistryIsSkippedAndADamagedOneRefused() throws IOException {
    try (CheckpointInspector inspector = inspector()) {
      List<Long> versions = inspector.listRegistryVersions();
      long newest = versions.get(versions.size() - 1);
      // A publish that died after creating its file: never in force.
      Path torn = Path.of(inspector.registryPath(newest + 1).toUri());
      Files.write(torn, new byte[] {'S', 'D', 'P'});
      assertEquals(newest, inspector.registry().version());
      CorruptionException tornRead =
          assertThrows(CorruptionException.class, () -> inspector.registry(newest + 1));
      assertEquals(torn.toUri().getPath(), URI.create(tornRead.file()).getPath());
      assertEquals(3, tornRead.offset(), tornRead.getMessage());
      assertTrue(
          tornRead.getMessage().contains("incomplete checkpoint registry"), tornRead.getMessage());
      assertThrows(FileNotFoundException.class, () -> inspector.registry(newest + 2));
      assertThrows(IllegalArgumentException.class, () -> inspector.registry(0));

      Files.delete(torn);
      Path damaged = Path.of(inspector.registryPath(newest).toUri());
      flipByte(damaged, Files.size(damaged) - 3);
      CorruptionException inForce =
          assertThrows(CorruptionException.class, () -> inspector.registry());
      assertTrue(inForce.file().endsWith(damaged.getFileName().toString()), inForce.file());
      assertTrue(inForce.offset() >= 0, inForce.getMessage());
      assertTrue(
          inForce.getMessage().contains("damaged checkpoint registry: checksum mismatch"),
          inForce.getMessage());
      assertEquals(
          1,
          inForce.getMessage().split(damaged.getFileName().toString(), -1).length - 1,
          "names the file once: " + inForce.getMessage());
      CorruptionException exact =
          assertThrows(CorruptionException.class, () -> inspector.registry(newest));
      assertTrue(exact.file().endsWith(damaged.getFileName().toString()), exact.file());
    }
  }

  @Test
  void describesFormatVersion1WithoutAStorageUri() throws IOException {
    byte[] old;
    try (InputStream in = getClass().getResourceAsStream("/golden/checkpoint-v1.bin")) {
      old = in.readAllBytes();
    }
    CheckpointDescription d = CheckpointInspector.describe(old, "checkpoint-v1.bin");
    CheckpointHandle h = CheckpointHandle.fromBytes(old);
    assertEquals(1, d.formatVersion());
    assertNull(d.storageUri());
    assertEquals(h.id(), d.id());
    assertEquals(h.sequence(), d.sequence());
    assertEquals(h.mergeFunctionName(), d.mergeFunctionName());
    assertEquals(h.physicalPaths(), d.files().stream().map(CheckpointFile::physicalPath).toList());
    List<Integer> codes = new ArrayList<>();
    for (byte c : h.compressionCodes()) {
      codes.add((int) c);
    }
    assertEquals(codes, d.compressionCodes());
  }

  @Test
  void anUnknownCompressionCodeIsShownNotRefused() throws IOException {
    byte[] codes = {9, 1, 1, 1, 1, 1, 1};
    CheckpointHandle h = new CheckpointHandle(3, 0, "file:/root", null, codes, List.of());
    CheckpointDescription d = CheckpointInspector.describe(h.toBytes(), "h");
    assertEquals(9, d.compressionCodes().get(0));
    assertTrue(d.compression(0).isEmpty());
    assertEquals(Compression.LZ4, d.compression(1).orElseThrow());
    assertEquals(0, d.fileCount());
    assertEquals(0, d.stateSizeBytes());
  }
}
