package io.sediment.lsm.internal.manifest;

import static io.sediment.lsm.internal.version.TestFiles.file;
import static io.sediment.lsm.internal.version.TestFiles.fileEndingAtTombstone;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileSystemView;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.keygroup.KeyGroupDeclaration;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import io.sediment.lsm.internal.version.VersionState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestStoreTest {

  @TempDir Path dir;

  private static final byte[] CODES = {0, 1, 1, 1, 2, 2, 2};

  private static ManifestContents sample() {
    FileMetadata external =
        new FileMetadata(
            9,
            2,
            InternalKey.encode("k".getBytes(StandardCharsets.UTF_8), 3, ValueType.DELETE),
            InternalKey.encode("q".getBytes(StandardCharsets.UTF_8), 2, ValueType.MERGE),
            4096,
            7,
            1,
            0,
            2,
            3,
            "000009.sst",
            "hdfs://nn:8020/checkpoints/chk-1/000009.sst");
    return new ManifestContents(
        3,
        "sum-u64",
        CODES,
        12,
        42,
        11,
        List.of(
            file(7, 0, "a", "z", 1000, 30, 42),
            fileEndingAtTombstone(8, 1, "b", "h", 2000, 5, 29),
            external));
  }

  @Test
  void roundTrips() throws IOException {
    ManifestContents m = sample();
    assertEquals(m, ManifestCodec.decode(ManifestCodec.encode(m), "mem"));
    ManifestContents none = new ManifestContents(1, null, CODES, 1, 0, 0, List.of());
    assertEquals(none, ManifestCodec.decode(ManifestCodec.encode(none), "mem"));
  }

  /** The sample with a file handed to a checkpoint, so every ownership code is encoded. */
  private static ManifestContents sampleWithShared() {
    return withSharedAndPending(sample(), List.of());
  }

  private static ManifestContents withSharedAndPending(ManifestContents m, List<Long> pending) {
    List<FileMetadata> files = new java.util.ArrayList<>(m.files());
    files.set(0, files.get(0).withOwnership(FileOwnership.SHARED));
    return new ManifestContents(
        m.manifestNumber(),
        m.mergeFunctionName(),
        m.compressionCodes(),
        m.nextFileNumber(),
        m.lastSequence(),
        m.logNumber(),
        files,
        pending);
  }

  /** The current format: a shared file and two outputs that were being written. */
  private static ManifestContents sampleV3() {
    return withSharedAndPending(sample(), List.of(6L, 10L));
  }

  @Test
  void roundTripsPendingOutputs() throws IOException {
    ManifestContents m = sampleV3();
    assertEquals(
        List.of(6L, 10L), ManifestCodec.decode(ManifestCodec.encode(m), "mem").pendingOutputs());
    assertThrows(
        IllegalArgumentException.class,
        () -> withSharedAndPending(sample(), List.of(12L)),
        "a pending number must be below the next file number");
    assertThrows(
        IllegalArgumentException.class, () -> withSharedAndPending(sample(), List.of(6L, 6L)));
  }

  /**
   * The current format: the v3 sample with a key-group declaration and the external file listed
   * twice more, under two numbers with two clips (one closed on both sides, one open below).
   */
  private static ManifestContents sampleV4() {
    ManifestContents v3 = sampleV3();
    FileMetadata external = v3.files().get(2);
    List<FileMetadata> files = new java.util.ArrayList<>(v3.files());
    files.add(
        external
            .clippedTo(bytes("m"), bytes("p"))
            .orElseThrow()
            .relinked(11, external.physicalPath(), FileOwnership.NOT_OWNED)
            .withLevel(3));
    files.add(
        external
            .clippedTo(null, bytes("n"))
            .orElseThrow()
            .relinked(4, external.physicalPath(), FileOwnership.NOT_OWNED)
            .withLevel(4));
    return new ManifestContents(
        v3.manifestNumber(),
        v3.mergeFunctionName(),
        v3.compressionCodes(),
        v3.nextFileNumber(),
        v3.lastSequence(),
        v3.logNumber(),
        files,
        v3.pendingOutputs(),
        new KeyGroupDeclaration(KeyGroupRange.of(3, 9), 128));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsKeyGroupsAndClips() throws IOException {
    ManifestContents m = sampleV4();
    ManifestContents decoded = ManifestCodec.decode(ManifestCodec.encode(m), "mem");
    assertEquals(m, decoded);
    assertEquals(new KeyGroupDeclaration(KeyGroupRange.of(3, 9), 128), decoded.keyGroups());
    FileMetadata clipped = decoded.files().get(3);
    assertArrayEquals(bytes("m"), clipped.clipLower());
    assertArrayEquals(bytes("p"), clipped.clipUpper());
    assertTrue(clipped.largestIsExclusive());
    assertEquals(null, decoded.files().get(4).clipLower());
    assertArrayEquals(bytes("n"), decoded.files().get(4).clipUpper());
  }

  /** A clip whose ends are swapped is corruption, not a reference that reads nothing. */
  @Test
  void refusesAnEmptyClipInAFile() throws IOException {
    byte[] encoded = ManifestCodec.encode(sampleV4());
    byte[] upper = bytes("p");
    // The last "p" in the file is the upper clip end of file 11: make it "a", before "m".
    int at = lastIndexOf(encoded, upper);
    encoded[at] = 'a';
    fixCrc(encoded);
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> ManifestCodec.decode(encoded, "bad"));
    assertTrue(e.getMessage().contains("clip"), e.getMessage());
  }

  private static int lastIndexOf(byte[] data, byte[] pattern) {
    for (int i = data.length - pattern.length; i >= 0; i--) {
      if (java.util.Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)
          && data[i - 1] == pattern.length) {
        return i;
      }
    }
    throw new AssertionError("pattern not found");
  }

  private static void fixCrc(byte[] data) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(data, 0, data.length - 4);
    java.nio.ByteBuffer.wrap(data).putInt(data.length - 4, (int) crc.getValue());
  }

  /** The encoding is a format: it must not change by accident. */
  @Test
  void matchesGoldenFile() throws IOException {
    byte[] encoded = ManifestCodec.encode(sampleV4());
    if (Boolean.getBoolean("sediment.rewriteGolden")) {
      Path golden = Paths.get("src/test/resources/golden/manifest-v4.bin");
      Files.createDirectories(golden.getParent());
      Files.write(golden, encoded);
    }
    byte[] golden = readGolden("/golden/manifest-v4.bin");
    assertArrayEquals(golden, encoded, "rerun with -Dsediment.rewriteGolden=true if intended");
    assertEquals(sampleV4(), ManifestCodec.decode(golden, "golden"));
  }

  /** Stores written before key groups and clips were recorded still open, with neither. */
  @Test
  void readsFormatVersion3() throws IOException {
    ManifestContents v3 = ManifestCodec.decode(readGolden("/golden/manifest-v3.bin"), "golden-v3");
    assertEquals(sampleV3(), v3);
    assertEquals(null, v3.keyGroups());
    assertTrue(v3.files().stream().noneMatch(FileMetadata::clipped));
  }

  /** Stores written before pending outputs were recorded still open, with none pending. */
  @Test
  void readsFormatVersion2() throws IOException {
    ManifestContents v2 = ManifestCodec.decode(readGolden("/golden/manifest-v2.bin"), "golden-v2");
    assertEquals(sampleWithShared(), v2);
    assertTrue(v2.pendingOutputs().isEmpty());
  }

  /** Stores written before ownership was recorded still open: ownership follows the location. */
  @Test
  void readsFormatVersion1() throws IOException {
    ManifestContents v1 = ManifestCodec.decode(readGolden("/golden/manifest-v1.bin"), "golden-v1");
    assertEquals(sample(), v1);
    assertEquals(FileOwnership.OWNED, v1.files().get(0).ownership());
    assertEquals(FileOwnership.NOT_OWNED, v1.files().get(2).ownership());
  }

  private byte[] readGolden(String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      assertNotNull(in, "golden file missing; generate it with -Dsediment.rewriteGolden=true");
      return in.readAllBytes();
    }
  }

  @Test
  void everyFlippedByteIsDetected() throws IOException {
    byte[] encoded = ManifestCodec.encode(sample());
    for (int i = 0; i < encoded.length; i++) {
      byte[] bad = encoded.clone();
      bad[i] ^= 0x40;
      int at = i;
      IOException e =
          assertThrows(IOException.class, () -> ManifestCodec.decode(bad, "f"), "byte " + at);
      assertTrue(
          e instanceof CorruptionException || e instanceof ManifestCodec.TornManifestException,
          e.toString());
    }
  }

  private VersionState state(long lastSeq, FileMetadata... files) {
    VersionEdit edit = new VersionEdit();
    for (FileMetadata f : files) {
      edit.addFile(f);
    }
    return new VersionState(Version.empty().apply(edit), 100, lastSeq, 0);
  }

  @Test
  void recoversTheNewestAndFallsBackPastATornOne() throws IOException {
    try (FileSystemView view = FileSystemView.open(dir.toUri().toString(), null)) {
      assertTrue(ManifestStore.recover(view).isEmpty());
      ManifestStore store = new ManifestStore(view, "m", CODES, 0);
      store.publish(state(5, file(1, 0, "a", "b", 1, 1, 5)));
      store.publish(state(9, file(2, 0, "a", "b", 1, 6, 9)));
      store.publish(state(12));
      // Only the newest two manifests are kept.
      assertTrue(!view.exists(view.resolve(ManifestStore.fileName(1))));
      assertEquals(12, ManifestStore.recover(view).orElseThrow().contents().lastSequence());

      // A torn publish of manifest 4: a prefix of a valid file.
      byte[] full =
          ManifestCodec.encode(new ManifestContents(4, "m", CODES, 100, 77, 0, List.of()));
      Files.write(
          dir.resolve(ManifestStore.fileName(4)), java.util.Arrays.copyOf(full, full.length - 9));
      ManifestStore.Recovered r = ManifestStore.recover(view).orElseThrow();
      assertEquals(3, r.contents().manifestNumber());
      assertEquals(4, r.newestNumberSeen());

      // The next publish skips the torn name.
      ManifestStore reopened = new ManifestStore(view, "m", CODES, 3);
      reopened.publish(state(13));
      assertEquals(5, reopened.lastNumber());
      assertEquals(13, ManifestStore.recover(view).orElseThrow().contents().lastSequence());
    }
  }

  @Test
  void publishingListsTheDirectoryOnceAndKeepsTheNewestTwo() throws IOException {
    try (FileSystemView base = FileSystemView.open(dir.toUri().toString(), null)) {
      // Leftovers of an earlier store life: an old manifest and a torn newer one.
      base.writeAll(base.resolve(ManifestStore.fileName(1)), new byte[] {1});
      base.writeAll(base.resolve(ManifestStore.fileName(3)), new byte[] {1});
      io.sediment.fs.wrap.CountingFileSystem counting =
          new io.sediment.fs.wrap.CountingFileSystem(base.hadoopFileSystem());
      FileSystemView view = FileSystemView.wrap(counting, base.root());
      ManifestStore store = new ManifestStore(view, "m", CODES, 2);
      for (int i = 0; i < 10; i++) {
        store.publish(state(100 + i));
      }
      // 3 was taken: the first publish got 4, the last 13.
      assertEquals(13, store.lastNumber());
      assertEquals(1, counting.ops(io.sediment.fs.wrap.FsOp.LIST));
      java.util.Set<String> left = new java.util.TreeSet<>();
      try (var files = Files.list(dir)) {
        files.forEach(f -> left.add(f.getFileName().toString()));
      }
      assertEquals(
          new java.util.TreeSet<>(List.of(ManifestStore.fileName(12), ManifestStore.fileName(13))),
          left);
      assertEquals(109, ManifestStore.recover(base).orElseThrow().contents().lastSequence());
    }
  }

  @Test
  void aCompleteButCorruptNewestManifestIsReportedNotSkipped() throws IOException {
    try (FileSystemView view = FileSystemView.open(dir.toUri().toString(), null)) {
      ManifestStore store = new ManifestStore(view, null, CODES, 0);
      store.publish(state(5));
      store.publish(state(6));
      Path newest = dir.resolve(ManifestStore.fileName(2));
      byte[] bytes = Files.readAllBytes(newest);
      bytes[30] ^= 1;
      Files.write(newest, bytes);
      CorruptionException e =
          assertThrows(CorruptionException.class, () -> ManifestStore.recover(view));
      assertTrue(e.file().endsWith(ManifestStore.fileName(2)), e.getMessage());
      assertTrue(e.offset() >= 0);
    }
  }
}
