package io.sediment.lsm.internal.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.Compression;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.ValueType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress record of a compaction attempt: its encoding, damage detection, fingerprints. */
class AttemptProgressTest {

  private static final AttemptProgress.Entry SAMPLE =
      new AttemptProgress.Entry(
          0x0123456789abcdefL,
          "000002.sst",
          8_191,
          0x5eed1234,
          "user-key-0042".getBytes(StandardCharsets.UTF_8));

  @Test
  void roundTrips() {
    AttemptProgress.Entry back = AttemptProgress.decode(AttemptProgress.encode(SAMPLE));
    assertNotNull(back);
    assertEquals(SAMPLE.fingerprint(), back.fingerprint());
    assertEquals(SAMPLE.name(), back.name());
    assertEquals(SAMPLE.size(), back.size());
    assertEquals(SAMPLE.footerCrc(), back.footerCrc());
    assertArrayEquals(SAMPLE.cut(), back.cut());
  }

  @Test
  void everyDamageIsDetected() {
    byte[] good = AttemptProgress.encode(SAMPLE);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      assertNull(AttemptProgress.decode(bad), "flipped bit in byte " + i);
    }
    for (int n = 0; n < good.length; n++) {
      assertNull(AttemptProgress.decode(Arrays.copyOf(good, n)), "cut to " + n + " bytes");
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertNull(AttemptProgress.decode(longer), "a byte too many");
  }

  /** The encoding is a format: it must not change by accident. */
  @Test
  void matchesGoldenFile() throws IOException {
    byte[] encoded = AttemptProgress.encode(SAMPLE);
    if (Boolean.getBoolean("sediment.rewriteGolden")) {
      Path golden = Path.of("src/test/resources/golden/attempt-progress-v1.bin");
      Files.createDirectories(golden.getParent());
      Files.write(golden, encoded);
    }
    try (InputStream in = getClass().getResourceAsStream("/golden/attempt-progress-v1.bin")) {
      assertNotNull(in, "golden file missing; generate it with -Dsediment.rewriteGolden=true");
      assertArrayEquals(
          in.readAllBytes(), encoded, "rerun with -Dsediment.rewriteGolden=true if intended");
    }
  }

  @Test
  void fingerprintIgnoresTheAttemptButNotTheJob() {
    CompactionJob job = job(64 << 10);
    long f = AttemptProgress.fingerprint(job);
    assertEquals(f, AttemptProgress.fingerprint(job.forAttempt("file:///s/compactions/9-1", 1)));
    assertEquals(f, AttemptProgress.fingerprint(job.forAttempt("file:///s/compactions/9-2", 2)));
    assertNotEquals(f, AttemptProgress.fingerprint(job(32 << 10)), "another target file size");
  }

  private static CompactionJob job(long targetFileSize) {
    StoreFile input =
        new StoreFile(
            7,
            0,
            InternalKey.encode("a".getBytes(StandardCharsets.UTF_8), 10, ValueType.PUT),
            InternalKey.encode("z".getBytes(StandardCharsets.UTF_8), 1, ValueType.PUT),
            4096,
            10,
            0,
            0,
            1,
            10,
            "000007.sst",
            "file:///s/000007.sst",
            FileOwnership.OWNED);
    return new CompactionJob(
        "file:///s/#1",
        0,
        1,
        List.of(input),
        false,
        false,
        List.of(),
        null,
        null,
        Compression.NONE,
        4096,
        10,
        targetFileSize);
  }
}
