package io.sediment.jmh;

import io.sediment.cache.disk.FileCacheOptions;
import io.sediment.cache.disk.LocalFileCache;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The cost of a file-cache hit: random {@code readBytes}-byte reads (an SST block) of a file whose
 * every segment is resident in a {@link LocalFileCache}, so every read is served from a verified
 * local copy. What it measures is the local read path alone (finding the entry, reading and
 * verifying the checksum chunks it overlaps, copying out), on one thread and on two, with the entry
 * files kept open or opened for every read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class FileCacheHitBenchmark {

  @Param({"67108864"})
  public long fileBytes;

  @Param({"4096"})
  public int readBytes;

  @Param({"65536"})
  public int checksumChunkBytes;

  /** Entry files kept open: 0 opens and closes the file for every read. */
  @Param({"0", "1024"})
  public int maxOpenFiles;

  private Path dir;
  private FileSystemView view;
  private LocalFileCache cache;
  private ReadableFile file;

  /** One thread's seeded source and buffer. */
  @State(Scope.Thread)
  public static class Cursor {
    SplittableRandom random;
    byte[] buffer;

    @Setup(Level.Trial)
    public void seed(ThreadParams thread) {
      random = new SplittableRandom(11 + thread.getThreadIndex());
    }
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path base =
        Path.of(System.getProperty("sediment.bench.dir", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(base);
    dir = Files.createTempDirectory(base, "file-cache-hit-");
    Files.createDirectories(dir.resolve("remote"));
    view = FileSystemView.open(dir.resolve("remote").toUri().toString(), new Configuration());
    cache =
        LocalFileCache.open(
            dir.resolve("cache"),
            fileBytes * 2,
            FileCacheOptions.defaults()
                .withChecksumChunkBytes(checksumChunkBytes)
                .withMaxOpenFiles(maxOpenFiles));
    byte[] chunk = new byte[1 << 20];
    new SplittableRandom(3).nextBytes(chunk);
    try (WritableFile out = cache.wrapForWrite(view.create(view.resolve("data.sst")))) {
      for (long written = 0; written < fileBytes; written += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, fileBytes - written));
      }
    }
    file = cache.open(view.openRead(view.resolve("data.sst")));
    if (cache.stats().hits() != 0 || cache.stats().entries() == 0) {
      throw new IllegalStateException("file not written through: " + cache.stats());
    }
  }

  /** One read on one thread. */
  @Benchmark
  @Threads(1)
  public byte[] hit(Cursor c) throws IOException {
    return read(c);
  }

  /** One read on each of two threads. */
  @Benchmark
  @Threads(2)
  public byte[] hit2Threads(Cursor c) throws IOException {
    return read(c);
  }

  private byte[] read(Cursor c) throws IOException {
    if (c.buffer == null) {
      c.buffer = new byte[readBytes];
    }
    file.readFully(c.random.nextLong(fileBytes - readBytes), c.buffer, 0, readBytes);
    return c.buffer;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    long misses = cache.stats().misses();
    file.close();
    cache.close();
    view.close();
    StoreFixture.deleteTree(dir);
    if (misses != 0) {
      throw new IllegalStateException(misses + " reads missed the file cache");
    }
  }
}
