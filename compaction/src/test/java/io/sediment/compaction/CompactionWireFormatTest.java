package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.Compression;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Round trips, golden files and refusals of {@link CompactionWireFormat}. */
class CompactionWireFormatTest {

  private static byte[] ikey(String user, long seq) {
    byte[] u = user.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k = Arrays.copyOf(u, u.length + 8);
    long trailer = (seq << 8) | 1;
    for (int i = 0; i < 8; i++) {
      k[u.length + i] = (byte) (trailer >>> (56 - 8 * i));
    }
    return k;
  }

  static CompactionJob sampleJob() {
    StoreFile whole =
        new StoreFile(
            12,
            0,
            ikey("apple", 9),
            ikey("melon", 3),
            4096,
            40,
            2,
            1,
            3,
            9,
            "000012.sst",
            "hdfs://nn:8020/state/op-7/000012.sst",
            FileOwnership.OWNED);
    StoreFile clipped =
        new StoreFile(
            15,
            1,
            ikey("b", 2),
            ikey("j", 1),
            8192,
            80,
            0,
            0,
            1,
            2,
            "000015.sst",
            "hdfs://nn:8020/checkpoints/shared/000004.sst",
            FileOwnership.NOT_OWNED,
            new byte[] {'b'},
            new byte[] {'k'});
    return new CompactionJob(
        "hdfs://nn:8020/state/op-7#42",
        0,
        1,
        List.of(whole, clipped),
        false,
        true,
        List.of(5L, 8L),
        "sediment.uint64add",
        "sediment.ttl",
        Compression.LZ4,
        4096,
        10,
        64 << 20,
        "value;ttl=60000",
        128,
        "hdfs://nn:8020/state/op-7/compactions/000031-2",
        2);
  }

  static CompactionResult sampleResult() {
    return new CompactionResult(
        List.of(
            new StoreFile(
                1,
                1,
                ikey("apple", 9),
                ikey("k", 1),
                9000,
                100,
                0,
                0,
                1,
                9,
                "000001.sst",
                "hdfs://nn:8020/state/op-7/compactions/000031-2/000001.sst",
                FileOwnership.OWNED)));
  }

  @Test
  void roundTrips() throws CorruptionException {
    CompactionJob job = sampleJob();
    assertEquals(job, CompactionWireFormat.decodeJob(CompactionWireFormat.encodeJob(job), "t"));
    CompactionResult r = sampleResult();
    assertEquals(r, CompactionWireFormat.decodeResult(CompactionWireFormat.encodeResult(r), "t"));
  }

  @Test
  void goldenFiles() throws IOException {
    golden("compaction-job-v2.bin", CompactionWireFormat.encodeJob(sampleJob(), EARLIER));
    golden("compaction-result-v2.bin", CompactionWireFormat.encodeResult(sampleResult()));
    try (InputStream in = getClass().getResourceAsStream("/golden/compaction-job-v2.bin")) {
      assertNotNull(in, "golden file missing; generate it with -Dsediment.rewriteGolden=true");
      assertEquals(
          new CompactionWireFormat.JobMessage(sampleJob(), EARLIER),
          CompactionWireFormat.decodeJobMessage(in.readAllBytes(), "golden"));
    }
  }

  /** The directory of an earlier attempt the sample job resumes from. */
  private static final String EARLIER = "hdfs://nn:8020/state/op-7/compactions/000031-1";

  @Test
  void jobRoundTripsWithTheDirectoryItResumesFrom() throws IOException {
    byte[] bytes = CompactionWireFormat.encodeJob(sampleJob(), EARLIER);
    assertEquals(
        new CompactionWireFormat.JobMessage(sampleJob(), EARLIER),
        CompactionWireFormat.decodeJobMessage(bytes, "t"));
    assertEquals(
        "",
        CompactionWireFormat.decodeJobMessage(CompactionWireFormat.encodeJob(sampleJob()), "t")
            .resumeFrom());
  }

  private void golden(String name, byte[] encoded) throws IOException {
    Path file = Path.of("src/test/resources/golden", name);
    if (Boolean.getBoolean("sediment.rewriteGolden")) {
      Files.write(file, encoded);
    }
    assertArrayEquals(
        Files.readAllBytes(file), encoded, "rerun with -Dsediment.rewriteGolden=true if intended");
  }

  @Test
  void everyTruncationAndEveryFlippedByteIsRefused() {
    byte[] good = CompactionWireFormat.encodeJob(sampleJob());
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      assertThrows(CorruptionException.class, () -> CompactionWireFormat.decodeJob(cut, "cut"));
    }
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x5A;
      assertThrows(CorruptionException.class, () -> CompactionWireFormat.decodeJob(bad, "flip"));
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThrows(CorruptionException.class, () -> CompactionWireFormat.decodeJob(longer, "long"));
  }

  @Test
  void wrongVersionAndKindAreNamed() {
    byte[] job = CompactionWireFormat.encodeJob(sampleJob());
    job[5] = 7;
    CorruptionException e =
        assertThrows(CorruptionException.class, () -> CompactionWireFormat.decodeJob(job, "v"));
    assertTrue(e.getMessage().contains("version 7"), e.getMessage());
    byte[] result = CompactionWireFormat.encodeResult(sampleResult());
    e =
        assertThrows(
            CorruptionException.class, () -> CompactionWireFormat.decodeJob(result, "kind"));
    assertTrue(e.getMessage().contains("kind 2"), e.getMessage());
  }
}
