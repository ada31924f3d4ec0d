package io.sediment.cache.disk;

import static io.sediment.cache.disk.ScenarioFiles.bytesOnDisk;
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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Read-path behaviour of {@link LocalFileCache} for both granularities: correct bytes under
 * concurrency and eviction, the budget, write-through, identity and invalidation, and the {@link
 * ReadableFile} contract.
 */
interface ReadPathScenarios extends FileCacheFixture {

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void concurrentReadersSeeRemoteBytesUnderConstantEviction(Granularity granularity)
      throws Exception {
    long seed = 0xC0FFEE + granularity.ordinal();
    System.out.println("seed " + seed + " granularity " + granularity);
    Random random = new Random(seed);
    try (FileSystemView view = remote()) {
      int fileCount = fileCount();
      byte[][] contents = new byte[fileCount][];
      org.apache.hadoop.fs.Path[] paths = new org.apache.hadoop.fs.Path[fileCount];
      for (int i = 0; i < fileCount; i++) {
        contents[i] = random(random, 5_000 + random.nextInt(60_000));
        paths[i] = write(view, "f" + i + ".sst", contents[i]);
      }
      long total = Arrays.stream(contents).mapToLong(c -> c.length).sum();
      // A fraction of the data, but room for a few of the largest whole files.
      long capacity = Math.max(150_000, total / 5);
      try (LocalFileCache cache = openCache(granularity, capacity)) {
        AtomicLong maxUsed = new AtomicLong();
        cache.onAdmission(used -> maxUsed.accumulateAndGet(used, Math::max));
        ReadableFile[] files = new ReadableFile[fileCount];
        for (int i = 0; i < fileCount; i++) {
          files[i] = cache.open(view, paths[i]);
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            Random r = new Random(seed * 31 + t);
            futures.add(
                pool.submit(
                    () -> {
                      for (int op = 0; op < readsPerThread(); op++) {
                        // Skewed towards low file numbers, like a hot working set.
                        int f = (int) (fileCount * Math.pow(r.nextDouble(), 2));
                        byte[] expected = contents[f];
                        int pos = r.nextInt(expected.length);
                        int len = r.nextInt(Math.min(expected.length - pos, 3 * SEGMENT) + 1);
                        try {
                          assertArrayEquals(
                              slice(expected, pos, len),
                              read(files[f], pos, len),
                              "file " + f + " [" + pos + ", +" + len + ")");
                        } catch (Throwable e) {
                          failure.compareAndSet(null, e);
                          return;
                        }
                      }
                    }));
          }
          for (Future<?> f : futures) {
            f.get();
          }
        } finally {
          pool.shutdown();
        }
        if (failure.get() != null) {
          throw new AssertionError("seed " + seed, failure.get());
        }
        for (ReadableFile f : files) {
          f.close();
        }
        FileCacheStats stats = cache.stats();
        System.out.println(stats);
        assertTrue(maxUsed.get() <= capacity, "budget exceeded: " + maxUsed.get());
        assertTrue(stats.usedBytes() <= capacity);
        assertTrue(stats.hits() > 0, "no hits: " + stats);
        assertTrue(stats.evictions() > 0, "no eviction: " + stats);
        assertTrue(stats.bytesReadLocal() > 0);
        assertEquals(0, stats.corruptionsDetected());
        assertEquals(0, stats.fallbacks());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void backgroundLoadsUnderConcurrentReadersKeepTheBytesAndTheBudget(
      Granularity granularity) throws Exception {
    long seed = 0xBAC6 + granularity.ordinal();
    System.out.println("seed " + seed + " granularity " + granularity);
    Random random = new Random(seed);
    try (FileSystemView view = remote()) {
      int fileCount = fileCount();
      byte[][] contents = new byte[fileCount][];
      ReadableFile[] files = new ReadableFile[fileCount];
      long total = 0;
      org.apache.hadoop.fs.Path[] paths = new org.apache.hadoop.fs.Path[fileCount];
      for (int i = 0; i < fileCount; i++) {
        contents[i] = random(random, 5_000 + random.nextInt(60_000));
        paths[i] = write(view, "g" + i + ".sst", contents[i]);
        total += contents[i].length;
      }
      long capacity = Math.max(150_000, total / 5);
      LocalFileCache cache = openCacheLoadingInBackground(granularity, capacity);
      AtomicLong maxUsed = new AtomicLong();
      cache.onAdmission(used -> maxUsed.accumulateAndGet(used, Math::max));
      for (int i = 0; i < fileCount; i++) {
        files[i] = cache.open(view, paths[i]);
      }
      int threads = 4;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Random r = new Random(seed * 17 + t);
          futures.add(
              pool.submit(
                  () -> {
                    for (int op = 0; op < readsPerThread(); op++) {
                      int f = (int) (fileCount * Math.pow(r.nextDouble(), 2));
                      int pos = r.nextInt(contents[f].length);
                      int len = r.nextInt(Math.min(contents[f].length - pos, 3 * SEGMENT) + 1);
                      assertArrayEquals(
                          slice(contents[f], pos, len),
                          read(files[f], pos, len),
                          "file " + f + " [" + pos + ", +" + len + ")");
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      // Loads end by themselves; once they have, every one that started has published.
      while (cache.loadsInFlight() > 0) {
        Thread.onSpinWait();
      }
      FileCacheStats stats = cache.stats();
      System.out.println(stats);
      assertTrue(stats.admissions() > 0, "the first miss, with room to spare, was loaded");
      assertTrue(stats.misses() > 0 && stats.hits() + stats.misses() > stats.admissions());
      assertTrue(maxUsed.get() <= capacity, "budget exceeded: " + maxUsed.get());
      assertEquals(0, stats.corruptionsDetected());
      assertEquals(0, stats.fallbacks());
      for (ReadableFile f : files) {
        f.close();
      }
      cache.close();
      try (Stream<Path> left = Files.list(cacheDir())) {
        assertEquals(
            List.of(),
            left.filter(p -> p.getFileName().toString().startsWith(EntryFormat.TEMP_PREFIX))
                .toList(),
            "no copy left half-written");
      }
      assertTrue(bytesOnDisk(cacheDir()) <= capacity);
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void budgetHoldsOnDiskAfterEveryAdmission(Granularity granularity) throws Exception {
    long seed = 0xB0D6E7 + granularity.ordinal();
    System.out.println("seed " + seed + " granularity " + granularity);
    Random random = new Random(seed);
    try (FileSystemView view = remote()) {
      long capacity = 100_000;
      try (LocalFileCache cache = openCache(granularity, capacity)) {
        List<String> violations = new ArrayList<>();
        AtomicLong admissions = new AtomicLong();
        cache.onAdmission(
            used -> {
              admissions.incrementAndGet();
              try {
                long disk = bytesOnDisk(cacheDir());
                if (used > capacity || disk > capacity) {
                  violations.add("used " + used + ", on disk " + disk);
                }
              } catch (IOException e) {
                violations.add(e.toString());
              }
            });
        List<byte[]> contents = new ArrayList<>();
        List<ReadableFile> files = new ArrayList<>();
        for (int i = 0; i < fileCount() / 2; i++) {
          byte[] c = random(random, 10_000 + random.nextInt(40_000));
          contents.add(c);
          files.add(cache.open(view, write(view, "b" + i, c)));
        }
        // New files written through compete for the same budget.
        for (int i = 0; i < fileCount() / 6; i++) {
          byte[] c = random(random, 30_000);
          try (WritableFile out = cache.createWriteThrough(view, view.resolve("w" + i))) {
            out.write(c, 0, c.length);
          }
          contents.add(c);
          files.add(cache.open(view, view.resolve("w" + i)));
        }
        for (int op = 0; op < readsPerThread() * 3 / 2; op++) {
          int f = random.nextInt(files.size());
          byte[] c = contents.get(f);
          int pos = random.nextInt(c.length);
          int len = random.nextInt(Math.min(c.length - pos, 2 * SEGMENT) + 1);
          assertArrayEquals(slice(c, pos, len), read(files.get(f), pos, len));
        }
        for (ReadableFile f : files) {
          f.close();
        }
        assertEquals(List.of(), violations);
        assertTrue(admissions.get() > 10, "admissions " + admissions.get());
        assertTrue(cache.stats().evictions() > 0, cache.stats().toString());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void writeThroughMakesANewFileAHitOnFirstRead(Granularity granularity) throws Exception {
    Random random = new Random(0x1A7E + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 1 << 20)) {
      byte[] content = random(random, 3 * SEGMENT + 1234);
      org.apache.hadoop.fs.Path path = view.resolve("new.sst");
      try (WritableFile out = cache.createWriteThrough(view, path)) {
        // Uneven writes that straddle segment and chunk boundaries, array and buffer forms.
        int pos = 0;
        int step = 1000;
        boolean asBuffer = false;
        while (pos < content.length) {
          int n = Math.min(step, content.length - pos);
          if (asBuffer) {
            ByteBuf buf = Unpooled.directBuffer(n);
            try {
              buf.writeBytes(content, pos, n);
              out.write(buf);
            } finally {
              buf.release();
            }
          } else {
            out.write(content, pos, n);
          }
          asBuffer = !asBuffer;
          pos += n;
          step = step * 2 + 7;
        }
        assertEquals(0, cache.stats().admissions(), "nothing visible before close");
      }
      assertArrayEquals(content, view.readAll(path), "the remote file is intact");
      int units = granularity == Granularity.WHOLE_FILE ? 1 : 4;
      assertEquals(units, cache.stats().admissions());

      try (ReadableFile file = cache.open(view, path)) {
        assertArrayEquals(content, read(file, 0, content.length));
      }
      FileCacheStats stats = cache.stats();
      assertEquals(units, stats.hits());
      assertEquals(0, stats.misses());
      assertEquals(0, stats.bytesReadRemote());
      assertEquals(content.length, stats.bytesReadLocal());
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void wrappedWriterMatchesReadsByPathAndLength(Granularity granularity) throws Exception {
    Random random = new Random(0x3A9 + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 1 << 20)) {
      byte[] content = random(random, 20_000);
      org.apache.hadoop.fs.Path path = view.resolve("wrapped.sst");
      try (WritableFile out = cache.wrapForWrite(view.create(path))) {
        out.write(content, 0, content.length);
      }
      try (ReadableFile file = cache.open(view.openRead(path))) {
        assertArrayEquals(slice(content, 100, 5000), read(file, 100, 5000));
      }
      assertEquals(0, cache.stats().misses());
      assertTrue(cache.stats().hits() > 0);
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void replacedFileOfTheSameNameIsNotServedFromTheOldCopy(Granularity granularity)
      throws Exception {
    Random random = new Random(0x5A1E + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 1 << 20)) {
      byte[] first = random(random, 30_000);
      org.apache.hadoop.fs.Path path = write(view, "reused.sst", first);
      try (ReadableFile file = cache.open(view, path)) {
        assertArrayEquals(first, read(file, 0, first.length));
      }
      try (ReadableFile file = cache.open(view.openRead(path))) {
        assertArrayEquals(first, read(file, 0, first.length));
      }
      int entriesOfFirst = cache.stats().entries();
      assertTrue(entriesOfFirst > 0);

      view.delete(path);
      byte[] second = random(random, 29_000);
      view.writeAll(path, second);

      try (ReadableFile file = cache.open(view.openRead(path))) {
        assertEquals(second.length, file.size());
        assertArrayEquals(second, read(file, 0, second.length));
      }
      try (ReadableFile file = cache.open(view, path)) {
        assertArrayEquals(second, read(file, 0, second.length));
        assertArrayEquals(second, read(file, 0, second.length));
      }
      for (Path entry : entryFiles(cacheDir())) {
        byte[] raw = Files.readAllBytes(entry);
        assertFalse(
            Arrays.equals(Arrays.copyOf(raw, 1000), Arrays.copyOf(first, 1000)),
            "a copy of the old file is left: " + entry);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void invalidateForgetsTheCopies(Granularity granularity) throws Exception {
    Random random = new Random(0x1AB + granularity.ordinal());
    try (FileSystemView view = remote();
        LocalFileCache cache = openCache(granularity, 1 << 20)) {
      byte[] content = random(random, 40_000);
      org.apache.hadoop.fs.Path path = write(view, "gone.sst", content);
      try (ReadableFile file = cache.open(view, path)) {
        read(file, 0, content.length);
      }
      assertTrue(cache.stats().entries() > 0);
      cache.invalidate(path);
      assertEquals(0, cache.stats().entries());
      assertEquals(0, cache.stats().usedBytes());
      assertEquals(List.of(), entryFiles(cacheDir()));
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  default void honoursTheReadableFileContract(Granularity granularity) throws Exception {
    Random random = new Random(0xC0 + granularity.ordinal());
    LocalFileCache cache = openCache(granularity, 1 << 20);
    try (FileSystemView view = remote()) {
      byte[] content = random(random, 2 * SEGMENT + 10);
      org.apache.hadoop.fs.Path path = write(view, "k.sst", content);
      ReadableFile file = cache.open(view, path);
      assertEquals(content.length, file.size());
      assertEquals(path.getName(), file.path().getName());
      EOFException eof =
          assertThrows(
              EOFException.class, () -> file.readFully(content.length - 5, new byte[6], 0, 6));
      assertTrue(eof.getMessage().contains(path.getName()), eof.getMessage());
      assertThrows(IllegalArgumentException.class, () -> file.readFully(-1, new byte[1], 0, 1));
      assertThrows(IllegalArgumentException.class, () -> file.readFully(0, new byte[1], 1, 1));
      file.readFully(content.length, new byte[0], 0, 0);

      ByteBuf heap = Unpooled.buffer(4);
      ByteBuf direct = Unpooled.directBuffer(4);
      try {
        heap.writeByte(9);
        file.readFully(SEGMENT - 50, heap, 100);
        assertEquals(101, heap.readableBytes());
        assertEquals(9, heap.readByte());
        byte[] got = new byte[100];
        heap.readBytes(got);
        assertArrayEquals(slice(content, SEGMENT - 50, 100), got);
        file.readFully(SEGMENT - 50, direct, 100);
        direct.readBytes(got);
        assertArrayEquals(slice(content, SEGMENT - 50, 100), got);
      } finally {
        heap.release();
        direct.release();
      }
      file.close();
      assertThrows(IllegalStateException.class, () -> file.readFully(0, new byte[1], 0, 1));
      cache.close();
      assertThrows(IllegalStateException.class, () -> cache.open(view, path));
    } finally {
      cache.close();
    }
  }
}
