package io.sediment.cache.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entry files: written, sealed, verified on read, and recognised (or rejected) by the scan. */
class EntryFormatTest {

  private static final long SEED = 0x5EED_0001L;

  @TempDir Path dir;

  private final FileCacheOptions options =
      FileCacheOptions.defaults()
          .withSegmentBytes(10_000)
          .withChecksumChunkBytes(1_000)
          .withRecheckInterval(Duration.ofSeconds(1));

  private CacheEntry writeEntry(SegmentKey key, long offset, byte[] data) throws Exception {
    EntryWriter writer = EntryWriter.create(dir, options.checksumChunkBytes());
    // Uneven writes exercise chunk boundaries inside and across calls.
    int pos = 0;
    int step = 1;
    while (pos < data.length) {
      int n = Math.min(step, data.length - pos);
      writer.write(data, pos, n);
      pos += n;
      step = step * 3 + 1;
    }
    CacheEntry entry = writer.seal(key, offset, dir.resolve(EntryFormat.entryName(key)));
    Files.move(writer.tempFile(), entry.file());
    return entry;
  }

  private static byte[] random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  @Test
  void sealedEntryHasPredictedSizeAndReadsBack() throws Exception {
    System.out.println("seed " + SEED);
    Random random = new Random(SEED);
    FileIdentity file = new FileIdentity("hdfs://nn/db/000007.sst", 25_000, "1234");
    byte[] data = random(random, 5_000); // the last, short segment
    SegmentKey key = new SegmentKey(file, 2);
    CacheEntry entry = writeEntry(key, 20_000, data);

    assertEquals(Files.size(entry.file()), entry.diskBytes());
    assertEquals(EntryFormat.diskBytes(file, data.length, 1_000), entry.diskBytes());
    for (int i = 0; i < 200; i++) {
      int pos = random.nextInt(data.length);
      int len = random.nextInt(data.length - pos + 1);
      byte[] got = new byte[len + 3];
      EntryReader.read(entry, pos, got, 3, len);
      assertArrayEquals(
          Arrays.copyOfRange(data, pos, pos + len), Arrays.copyOfRange(got, 3, got.length));
    }
  }

  @Test
  void flippedByteFailsTheChunkThatHoldsIt() throws Exception {
    byte[] data = random(new Random(SEED), 4_500);
    SegmentKey key = new SegmentKey(new FileIdentity("/x", 4_500, ""), 0);
    CacheEntry entry = writeEntry(key, 0, data);
    byte[] raw = Files.readAllBytes(entry.file());
    raw[2_345] ^= 0x10;
    Files.write(entry.file(), raw);

    byte[] got = new byte[10];
    EntryReader.read(entry, 0, got, 0, 10); // chunk 0 is intact
    ChecksumMismatchException e =
        assertThrows(
            ChecksumMismatchException.class, () -> EntryReader.read(entry, 2_990, got, 0, 10));
    assertTrue(e.getMessage().contains(entry.file().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("2000"), e.getMessage());
  }

  @Test
  void truncatedFileIsCorruptNotShort() throws Exception {
    byte[] data = random(new Random(SEED), 3_000);
    SegmentKey key = new SegmentKey(new FileIdentity("/x", 3_000, ""), 0);
    CacheEntry entry = writeEntry(key, 0, data);
    try (var ch =
        java.nio.channels.FileChannel.open(entry.file(), java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(2_500);
    }
    assertThrows(
        ChecksumMismatchException.class,
        () -> EntryReader.read(entry, 2_400, new byte[200], 0, 200));
  }

  @Test
  void scanKeepsValidEntriesAndDeletesTheRest() throws Exception {
    Random random = new Random(SEED);
    FileIdentity file = new FileIdentity("/db/1.sst", 25_000, "");
    CacheEntry valid = writeEntry(new SegmentKey(file, 0), 0, random(random, 10_000));
    CacheEntry truncated = writeEntry(new SegmentKey(file, 1), 10_000, random(random, 10_000));
    try (var ch =
        java.nio.channels.FileChannel.open(
            truncated.file(), java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(truncated.diskBytes() - 1);
    }
    // A well-formed entry whose segment does not fit the layout (written with 5 000-byte segments).
    CacheEntry otherLayout = writeEntry(new SegmentKey(file, 3), 15_000, random(random, 5_000));
    // A well-formed entry under a name that does not match its identity.
    CacheEntry misnamed = writeEntry(new SegmentKey(file, 2), 20_000, random(random, 5_000));
    Path renamed = dir.resolve("00000000000000000000000000000000-2.entry");
    Files.move(misnamed.file(), renamed);
    Path temp = dir.resolve(EntryFormat.TEMP_PREFIX + "123" + EntryFormat.TEMP_SUFFIX);
    Files.write(temp, new byte[100]);
    Path garbage = dir.resolve("abc-0.entry");
    Files.write(garbage, new byte[40]);
    Path foreign = dir.resolve("README.txt");
    Files.write(foreign, new byte[] {1, 2, 3});

    StatsCounters stats = new StatsCounters();
    CacheIndex index =
        new CacheIndex(1 << 20, new TinyLfuAdmission(new FrequencySketch(256)), stats);
    DirectoryScanner.Result result = DirectoryScanner.scan(dir, new SegmentLayout(options), index);

    assertEquals(1, result.kept());
    assertEquals(5, result.deleted());
    assertTrue(Files.exists(valid.file()));
    assertFalse(Files.exists(truncated.file()));
    assertFalse(Files.exists(otherLayout.file()));
    assertFalse(Files.exists(renamed));
    assertFalse(Files.exists(temp));
    assertFalse(Files.exists(garbage));
    assertTrue(Files.exists(foreign), "files the cache did not name are left alone");
    assertEquals(valid.diskBytes(), index.usedBytes());
    assertEquals(valid.diskBytes(), index.lookup(valid.key()).diskBytes());
  }
}
