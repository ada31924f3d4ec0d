package io.sediment.lsm;

import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.Granularity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * A seeded generator of valid {@link DbSettings}: every setting drawn from its whole valid range
 * (edges included), mixed compression per level, and file-cache directories whose names need
 * escaping in the text form (spaces, commas, {@code =}, {@code %}, non-ASCII letters).
 */
final class RandomSettings {

  private static final String NAME_CHARS = "abcXYZ019 ,=%._-+:;éß日";

  private final Random random;

  RandomSettings(long seed) {
    this.random = new Random(seed);
  }

  DbSettings next() {
    DbSettings.Builder b = DbSettings.builder();
    if (random.nextBoolean()) {
      b.compression(pick(Compression.values()));
    } else {
      for (int level = 0; level < DbSettings.defaults().levelCompression().size(); level++) {
        b.compression(level, pick(Compression.values()));
      }
    }
    b.memtableBytes(between(1024, 1L << 31));
    b.maxImmutableMemtables((int) between(1, 64));
    b.blockSize((int) between(256, 16 << 20));
    b.bloomBitsPerKey((int) between(0, 64));
    int trigger = (int) between(1, 1000);
    b.l0CompactionTrigger(trigger);
    b.l0StopWritesTrigger((int) between(trigger, 10_000));
    b.targetFileSizeBytes(between(1024, 1L << 40));
    b.maxBytesForLevelBase(between(1024, 1L << 50));
    b.maxBackgroundCompactions((int) between(1, 64));
    b.blockCacheBytes(between(0, 1L << 50));
    if (random.nextBoolean()) {
      b.fileCacheDirectory(Path.of("/tmp", name(), name()));
      b.fileCacheBytes(between(1, 1L << 50));
    }
    b.fileCacheForLocalFs(random.nextBoolean());
    b.fileCacheOptions(
        new FileCacheOptions(
            pick(Granularity.values()),
            (int) between(1, Integer.MAX_VALUE),
            (int) between(1, Integer.MAX_VALUE),
            Duration.ofMillis(between(0, 1L << 40)).plusNanos(between(0, 999_999)),
            (int) between(0, Integer.MAX_VALUE),
            (int) between(1, 1024)));
    b.walEnabled(random.nextBoolean());
    b.readThreads((int) between(1, 1 << 16));
    return b.build();
  }

  private String name() {
    StringBuilder sb = new StringBuilder();
    int length = 1 + random.nextInt(8);
    for (int i = 0; i < length; i++) {
      sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    String s = sb.toString().strip();
    return s.isEmpty() || s.equals(".") || s.equals("..") ? "d" : s;
  }

  /** A value in {@code [min, max]}, the bounds themselves one time in four. */
  private long between(long min, long max) {
    switch (random.nextInt(8)) {
      case 0:
        return min;
      case 1:
        return max;
      default:
        return min + (long) (random.nextDouble() * (max - min));
    }
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
