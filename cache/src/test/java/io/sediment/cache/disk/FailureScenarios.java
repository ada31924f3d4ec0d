package io.sediment.cache.disk;

import static io.sediment.cache.disk.ScenarioFiles.bytesOnDisk;
import static io.sediment.cache.disk.ScenarioFiles.deleteRecursively;
import static io.sediment.cache.disk.ScenarioFiles.entryFiles;
import static io.sediment.cache.disk.ScenarioFiles.random;
import static io.sediment.cache.disk.ScenarioFiles.read;
import static io.sediment.cache.disk.ScenarioFiles.slice;
import static io.sediment.cache.disk.ScenarioFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failure handling of {@link LocalFileCache} for both granularities: corrupt copies, a cache
 * directory that disappears or is unusable, leftovers of a crash, local and remote write and read
 * failures, and copies that do not fit.
 */
interface FailureScenarios extends FileCacheFixture {

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void corruptedCopyIsDetectedAndRefetched(Granularity granularity) throws Exception {
    Random random = new Random(0xBAD + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 1 << 20)) {
      byte[] content = random(random, SEGMENT - 100);
      org.apache.hadoop.fs.Path path = write(view, "c.sst", content);
      try (ReadableFile file = cache.open(view, path)) {
        assertArrayEquals(content, read(file, 0, content.length)); // loads the copy
        List<Path> entries = entryFiles(cacheDir());
        assertEquals(1, entries.size());
        byte[] raw = Files.readAllBytes(entries.get(0));
        raw[5 * CHUNK / 2] ^= (byte) 0x80; // inside chunk 2
        Files.write(entries.get(0), raw);

        assertArrayEquals(slice(content, 2 * CHUNK, 100), read(file, 2 * CHUNK, 100));
        assertEquals(1, cache.stats().corruptionsDetected());
        assertArrayEquals(content, read(file, 0, content.length));
        assertArrayEquals(
            content, Arrays.copyOf(Files.readAllBytes(entries.get(0)), content.length));
      }
      FileCacheStats stats = cache.stats();
      assertEquals(1, stats.corruptionsDetected());
      assertEquals(2, stats.admissions(), "loaded, discarded, loaded again");
      assertEquals(1, stats.hits(), "the last read was served by the replacement");
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void deletedCacheDirectoryFallsBackAndRecovers(Granularity granularity) throws Exception {
    Random random = new Random(0xD1E + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 1 << 20)) {
      byte[] content = random(random, 40_000);
      org.apache.hadoop.fs.Path path = write(view, "d.sst", content);
      try (ReadableFile file = cache.open(view, path)) {
        assertArrayEquals(content, read(file, 0, content.length));
        assertArrayEquals(content, read(file, 0, content.length));
        assertTrue(cache.stats().hits() > 0);

        deleteRecursively(cacheDir());

        // Still the right bytes: from a copy whose file the cache holds open, or from remote.
        assertArrayEquals(content, read(file, 0, content.length));

        // The loss is noticed by the next operation that needs the directory, here a
        // write-through, which still writes the remote file.
        byte[] more = random(random, 5_000);
        try (WritableFile out = cache.createWriteThrough(view, view.resolve("more.sst"))) {
          out.write(more, 0, more.length);
        }
        assertArrayEquals(more, view.readAll(view.resolve("more.sst")));
        FileCacheStats disabled = cache.stats();
        assertEquals(1, disabled.fallbacks());
        assertFalse(disabled.enabled());
        assertArrayEquals(content, read(file, 0, content.length), "served from remote");
        assertEquals(disabled.bytesReadLocal(), cache.stats().bytesReadLocal(), "nothing local");

        clock().advance(RECHECK.minusSeconds(1));
        assertArrayEquals(content, read(file, 0, content.length));
        assertFalse(Files.exists(cacheDir()), "not probed before the interval passed");
        assertFalse(cache.stats().enabled());
        assertEquals(1, cache.stats().fallbacks(), "one disable, not one per read");

        clock().advance(Duration.ofSeconds(1));
        assertArrayEquals(content, read(file, 0, content.length)); // probes, re-enables, reloads
        FileCacheStats recovered = cache.stats();
        assertTrue(recovered.enabled());
        assertEquals(1, recovered.reenabled());
        assertTrue(Files.isDirectory(cacheDir()));
        long hitsBefore = recovered.hits();
        assertArrayEquals(content, read(file, 0, content.length));
        assertTrue(cache.stats().hits() > hitsBefore, "cached again: " + cache.stats());
        assertEquals(0, cache.stats().corruptionsDetected());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void openCleansTheDirectoryAndKeepsValidEntries(Granularity granularity)
      throws Exception {
    Random random = new Random(0xC1EA + granularity.ordinal());
    try (FileSystemView view = remote()) {
      byte[] a = random(random, 20_000);
      byte[] b = random(random, 20_000);
      org.apache.hadoop.fs.Path pathA = write(view, "a.sst", a);
      org.apache.hadoop.fs.Path pathB = write(view, "b.sst", b);
      try (LocalFileCache cache = openCache(granularity, 1 << 20)) {
        try (ReadableFile file = cache.open(view, pathA)) {
          read(file, 0, a.length);
        }
      }
      List<Path> entriesOfA = entryFiles(cacheDir());
      try (LocalFileCache cache = openCache(granularity, 1 << 20)) {
        try (ReadableFile file = cache.open(view, pathB)) {
          read(file, 0, b.length);
        }
      }
      List<Path> entriesOfB = new ArrayList<>(entryFiles(cacheDir()));
      entriesOfB.removeAll(entriesOfA);
      // Leftovers of a crash: a half-written temporary file and a torn entry of b.
      Path temp = cacheDir().resolve(EntryFormat.TEMP_PREFIX + "42" + EntryFormat.TEMP_SUFFIX);
      Files.write(temp, new byte[1234]);
      Path torn = entriesOfB.get(0);
      byte[] raw = Files.readAllBytes(torn);
      Files.write(torn, Arrays.copyOf(raw, raw.length / 2));
      Path foreign = cacheDir().resolve("lost+found.txt");
      Files.write(foreign, new byte[] {7});

      try (LocalFileCache cache = openCache(granularity, 1 << 20)) {
        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(torn));
        assertTrue(Files.exists(foreign));
        for (Path p : entriesOfA) {
          assertTrue(Files.exists(p));
        }
        FileCacheStats opened = cache.stats();
        assertEquals(entriesOfA.size() + entriesOfB.size() - 1, opened.entries());
        assertEquals(bytesOnDisk(cacheDir()) - 1, opened.usedBytes());

        try (ReadableFile file = cache.open(view, pathA)) {
          assertArrayEquals(a, read(file, 0, a.length));
        }
        assertEquals(entriesOfA.size(), cache.stats().hits(), "a is served from the old copies");
        assertEquals(0, cache.stats().misses());
        try (ReadableFile file = cache.open(view, pathB)) {
          assertArrayEquals(b, read(file, 0, b.length));
        }
        assertEquals(1, cache.stats().misses(), "only the torn unit is fetched again");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void localFailureDuringWriteThroughLeavesTheRemoteWriteIntact(Granularity granularity)
      throws Exception {
    Random random = new Random(0xF41 + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 1 << 20)) {
      byte[] content = random(random, 3 * SEGMENT);
      org.apache.hadoop.fs.Path path = view.resolve("w.sst");
      try (WritableFile out = cache.createWriteThrough(view, path)) {
        out.write(content, 0, SEGMENT + 100);
        deleteRecursively(cacheDir());
        out.write(content, SEGMENT + 100, content.length - SEGMENT - 100);
      }
      assertArrayEquals(content, view.readAll(path));
      FileCacheStats stats = cache.stats();
      assertEquals(1, stats.fallbacks(), stats.toString());
      assertEquals(0, stats.admissions());
      assertEquals(0, stats.usedBytes(), "the abandoned copy gave its budget back");
      try (ReadableFile file = cache.open(view, path)) {
        assertArrayEquals(content, read(file, 0, content.length));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void writeThroughThatDoesNotFitIsNotCached(Granularity granularity) throws Exception {
    Random random = new Random(0xF17 + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 2 * SEGMENT)) {
      byte[] content = random(random, 5 * SEGMENT);
      org.apache.hadoop.fs.Path path = view.resolve("big.sst");
      try (WritableFile out = cache.createWriteThrough(view, path)) {
        out.write(content, 0, content.length);
      }
      assertArrayEquals(content, view.readAll(path));
      FileCacheStats stats = cache.stats();
      assertEquals(0, stats.admissions());
      assertTrue(stats.admissionsRejected() >= 1, stats.toString());
      assertEquals(0, stats.usedBytes());
      assertEquals(0, stats.fallbacks(), "no room is not a disk failure");
      assertEquals(List.of(), entryFiles(cacheDir()));
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void remoteFailureReachesTheCallerAndReleasesTheBudget(Granularity granularity)
      throws Exception {
    Random random = new Random(0xE7 + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 1 << 20)) {
      byte[] content = random(random, 2 * SEGMENT);
      org.apache.hadoop.fs.Path path = write(view, "vanishing.sst", content);
      try (ReadableFile file = cache.open(view.openRead(path))) {
        view.delete(path);
        IOException e = assertThrows(IOException.class, () -> read(file, 0, 100));
        assertTrue(e.getMessage().contains("vanishing.sst"), e.getMessage());
      }
      FileCacheStats stats = cache.stats();
      assertEquals(0, stats.fallbacks(), "a remote failure is not a cache failure");
      assertTrue(stats.enabled());
      assertEquals(0, stats.usedBytes());
      assertEquals(0, stats.entries());
      try (Stream<Path> left = Files.list(cacheDir())) {
        assertEquals(List.of(), left.toList(), "the abandoned temporary file is gone");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void unusableDirectoryAtOpenStartsDisabledAndRecovers(Granularity granularity)
      throws Exception {
    Random random = new Random(0x0BE + granularity.ordinal());
    Path notADirectory = cacheDir().resolve("occupied");
    Files.write(notADirectory, new byte[] {1});
    try (FileSystemView view = remote();
        LocalFileCache cache =
            LocalFileCache.open(
                notADirectory, 1 << 20, options(granularity), clock(), Runnable::run)) {
      FileCacheStats opened = cache.stats();
      assertFalse(opened.enabled());
      assertEquals(1, opened.fallbacks());
      byte[] content = random(random, 20_000);
      org.apache.hadoop.fs.Path path = write(view, "x.sst", content);
      try (ReadableFile file = cache.open(view, path)) {
        assertArrayEquals(content, read(file, 0, content.length));
        Files.delete(notADirectory);
        clock().advance(RECHECK);
        assertArrayEquals(content, read(file, 0, content.length));
        assertTrue(cache.stats().enabled());
        assertTrue(Files.isDirectory(notADirectory));
        assertArrayEquals(content, read(file, 0, content.length));
        assertTrue(cache.stats().hits() > 0);
      }
    }
  }
}
