package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.EntryKind;
import io.sediment.lsm.spi.FileReferences;
import io.sediment.lsm.spi.InternalKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointHandleTest {

  private static byte[] key(String user, long seq, EntryKind type) {
    return InternalKeys.encode(user.getBytes(StandardCharsets.UTF_8), seq, type);
  }

  private static StoreFile file(long number, int level, String lo, String hi, long seq) {
    String name = String.format("%06d.sst", number);
    return new StoreFile(
        number,
        level,
        key(lo, seq, EntryKind.PUT),
        key(hi, seq - 1, EntryKind.DELETE),
        1000 + number,
        10,
        1,
        0,
        seq - 1,
        seq,
        name,
        "hdfs://nn:8020/stores/a/" + name,
        FileOwnership.NOT_OWNED);
  }

  /**
   * A checkpoint of a rescaled store: key groups, and one physical file listed twice by two clipped
   * references.
   */
  static CheckpointHandle sample() {
    byte[] codes = {0, 1, 1, 1, 2, 2, 2};
    StoreFile shared = file(8, 2, "l", "p", 70);
    return new CheckpointHandle(
        42,
        99,
        "hdfs://nn:8020/checkpoints/op-7",
        "sum-u64",
        codes,
        List.of(
            file(7, 0, "a", "z", 99),
            file(3, 1, "b", "f", 50),
            file(4, 1, "g", "k", 60),
            FileReferences.clip(shared, null, b("m")).orElseThrow(),
            FileReferences.relink(
                FileReferences.clip(shared, b("m"), null).orElseThrow(),
                9,
                shared.physicalPath(),
                FileOwnership.NOT_OWNED)),
        KeyGroupRange.of(90, 127),
        128);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The sample of format version 2: no key groups, no clips. */
  static CheckpointHandle sampleV2() {
    return sample("hdfs://nn:8020/checkpoints/op-7");
  }

  private static CheckpointHandle sample(String storageUri) {
    byte[] codes = {0, 1, 1, 1, 2, 2, 2};
    return new CheckpointHandle(
        42,
        99,
        storageUri,
        "sum-u64",
        codes,
        List.of(file(7, 0, "a", "z", 99), file(3, 1, "b", "f", 50), file(4, 1, "g", "k", 60)));
  }

  @Test
  void roundTripsThroughBytes() throws IOException {
    CheckpointHandle h = sample();
    CheckpointHandle back = CheckpointHandle.fromBytes(h.toBytes());
    assertEquals(h, back);
    assertEquals(42, back.id());
    assertEquals(5, back.fileCount());
    assertEquals(4, back.physicalPaths().size(), "the clipped file is one file");
    assertEquals(1007 + 1003 + 1004 + 1008, back.stateSizeBytes());
    assertEquals(KeyGroupRange.of(90, 127), back.keyGroupRange());
    assertEquals(128, back.maxParallelism());
    assertEquals(h.files(), back.files(), "clips survive");
    assertEquals("sum-u64", back.mergeFunctionName());
    assertEquals("hdfs://nn:8020/checkpoints/op-7", back.storageUri());
    CheckpointHandle none = new CheckpointHandle(0, 0, null, new byte[7], List.of());
    assertEquals(none, CheckpointHandle.fromBytes(none.toBytes()));
    assertEquals(null, CheckpointHandle.fromBytes(none.toBytes()).storageUri());
  }

  /** The encoding is a format: it must not change by accident. */
  @Test
  void matchesGoldenFile() throws IOException {
    byte[] encoded = sample().toBytes();
    if (Boolean.getBoolean("sediment.rewriteGolden")) {
      Path golden = Paths.get("src/test/resources/golden/checkpoint-v3.bin");
      Files.createDirectories(golden.getParent());
      Files.write(golden, encoded);
    }
    try (InputStream in = getClass().getResourceAsStream("/golden/checkpoint-v3.bin")) {
      assertNotNull(in, "golden file missing; generate it with -Dsediment.rewriteGolden=true");
      byte[] golden = in.readAllBytes();
      assertArrayEquals(golden, encoded, "rerun with -Dsediment.rewriteGolden=true if intended");
      assertEquals(sample(), CheckpointHandle.fromBytes(golden));
    }
  }

  /** Handles written before key groups and clips were recorded still decode, without them. */
  @Test
  void decodesFormatVersion2() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/golden/checkpoint-v2.bin")) {
      assertNotNull(in, "golden file of format version 2 missing");
      CheckpointHandle old = CheckpointHandle.fromBytes(in.readAllBytes());
      assertEquals(sampleV2(), old);
      assertEquals(null, old.keyGroupRange());
      assertEquals(0, old.maxParallelism());
      assertEquals(3, java.nio.ByteBuffer.wrap(old.toBytes()).getInt(8), "rewritten as version 3");
      assertEquals(old, CheckpointHandle.fromBytes(old.toBytes()));
    }
  }

  /** Handles written before the storage URI existed still decode, naming no storage. */
  @Test
  void decodesFormatVersion1() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/golden/checkpoint-v1.bin")) {
      assertNotNull(in, "golden file of format version 1 missing");
      CheckpointHandle old = CheckpointHandle.fromBytes(in.readAllBytes());
      assertEquals(sample(null), old);
      assertEquals(null, old.storageUri());
      assertEquals(3, java.nio.ByteBuffer.wrap(old.toBytes()).getInt(8), "rewritten as version 3");
    }
  }

  @Test
  void everyFlippedByteIsACorruptionNamingAnOffset() {
    byte[] encoded = sample().toBytes();
    for (int i = 0; i < encoded.length; i++) {
      byte[] bad = encoded.clone();
      bad[i] ^= 0x40;
      int at = i;
      CorruptionException e =
          assertThrows(
              CorruptionException.class, () -> CheckpointHandle.fromBytes(bad), "byte " + at);
      assertTrue(e.offset() >= 0 && e.offset() <= encoded.length, e.getMessage());
      assertEquals("<checkpoint handle bytes>", e.file());
    }
  }

  @Test
  void truncatedOrExtendedBytesAreRefused() {
    byte[] encoded = sample().toBytes();
    for (int len : new int[] {0, 5, 19, encoded.length / 2, encoded.length - 1}) {
      byte[] cut = Arrays.copyOf(encoded, len);
      assertThrows(CorruptionException.class, () -> CheckpointHandle.fromBytes(cut), "len " + len);
    }
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 3);
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> CheckpointHandle.fromBytes(longer));
    assertEquals(12, e.offset(), e.getMessage());
  }

  @Test
  void rejectsInvalidHandles() {
    byte[] codes = new byte[7];
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CheckpointHandle(-1, 0, null, codes, List.of()));
    assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointHandle(1, 10, null, codes, List.of(file(7, 0, "a", "z", 99))));
    assertThrows(IllegalArgumentException.class, () -> CheckpointHandle.fromBytes(null));
    List<StoreFile> none = List.of();
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointHandle(1, 0, null, null, codes, none, null, 128));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointHandle(1, 0, null, null, codes, none, KeyGroupRange.of(0, 128), 128));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CheckpointHandle(1, 0, null, null, codes, none, KeyGroupRange.of(0, 3), 0));
    StoreFile f = file(7, 0, "a", "z", 9);
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CheckpointHandle(1, 9, null, null, codes, List.of(f, f.withLevel(1))));
    assertTrue(twice.getMessage().contains("000007.sst"), twice.getMessage());
  }
}
