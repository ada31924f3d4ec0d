package io.sediment.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.sediment.cache.BlockCache;
import io.sediment.fs.wrap.FaultInjectingFileSystem;
import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.LatencyFileSystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batched {@code multiGet} under file-system faults and on remote storage: a failed read fails the
 * call naming the file and leaks no block, a damaged block is a {@link CorruptionException} naming
 * the file, the remote reads of one round are in flight together (as one vectored read per file
 * where the file system serves those), the blocks of later rounds are fetched ahead with them, and
 * a read executor that takes nothing only makes the batch sequential.
 */
class MultiGetFaultsTest {

  @TempDir Path dir;

  private static final int KEYS = 400;

  private static byte[] key(int i) {
    return String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ("value-" + i + "-" + "x".repeat(60)).getBytes(StandardCharsets.UTF_8);
  }

  private static List<byte[]> allKeys() {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      keys.add(key(i));
    }
    return keys;
  }

  private static PooledByteBufAllocator countingAllocator() {
    return new PooledByteBufAllocator(false, 1, 0, 8192, 9, 0, 0, false);
  }

  private static long liveAllocations(PooledByteBufAllocator allocator) {
    return allocator.metric().heapArenas().stream()
        .mapToLong(PoolArenaMetric::numActiveAllocations)
        .sum();
  }

  private DbOptions.Builder options(String scheme) {
    return DbOptions.builder(scheme + dir.resolve("db").toUri())
        .targetFileSizeBytes(8 * 1024)
        .blockSize(512)
        .readThreads(4);
  }

  /** Writes the keys, then compacts them into several files of the last level. */
  private static void fill(Db db) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      db.put(key(i), value(i));
    }
    db.flush();
    db.compactRange(null, null);
  }

  private static void assertAllValues(List<byte[]> values) {
    assertEquals(KEYS, values.size());
    for (int i = 0; i < KEYS; i++) {
      assertArrayEquals(value(i), values.get(i), "key " + i);
    }
  }

  @Test
  void aFailedReadFailsTheBatchNamingTheFileAndLeaksNoBlock() throws IOException {
    PooledByteBufAllocator allocator = countingAllocator();
    BlockCache cache = BlockCache.create(4 * 1024, allocator);
    try (Db db = Db.open(options("faulty+").blockCache(cache).build())) {
      fill(db);
      assertAllValues(db.multiGet(allKeys())); // opens every file
      FaultInjectingFileSystem fs =
          (FaultInjectingFileSystem) db.internal().fileSystem().hadoopFileSystem();
      for (int nth : new int[] {1, 2, 5, 17, 40}) {
        fs.failNth(nth, (op, path) -> op == FsOp.READ && path.getName().endsWith(".sst"));
        IOException e = assertThrows(IOException.class, () -> db.multiGet(allKeys()));
        assertTrue(
            e.getMessage().contains(".sst") && e.getMessage().contains("injected failure"),
            e.getMessage());
        fs.reset();
        assertAllValues(db.multiGet(allKeys()));
      }
    } finally {
      cache.close();
    }
    assertEquals(0, liveAllocations(allocator), "every block buffer was released");
  }

  /** Fills a store on the local disk and flips a byte of the first data block of its first SST. */
  private Path storeWithADamagedBlock() throws IOException {
    try (Db db = Db.open(options("").blockCacheBytes(0).build())) {
      fill(db);
    }
    Path sst;
    try (Stream<Path> files = Files.list(dir.resolve("db"))) {
      sst = files.filter(p -> p.toString().endsWith(".sst")).sorted().findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(sst.toFile(), "rw")) {
      f.seek(20); // inside the first data block
      int b = f.read();
      f.seek(20);
      f.write(b ^ 0xFF);
    }
    return sst;
  }

  @Test
  void aDamagedBlockIsACorruptionNamingTheFile() throws IOException {
    Path sst = storeWithADamagedBlock();
    try (Db db = Db.open(options("").blockCacheBytes(0).build())) {
      CorruptionException e = assertThrows(CorruptionException.class, () -> db.multiGet(allKeys()));
      assertTrue(e.getMessage().contains(sst.getFileName().toString()), e.getMessage());
    }
  }

  /** Makes the reads of SSTs wait for each other at a barrier while one is armed. */
  public static final class GatedFileSystem extends FaultInjectingFileSystem {
    private volatile CyclicBarrier gate;

    void arm(CyclicBarrier barrier) {
      gate = barrier;
    }

    @Override
    protected void beforeOp(FsOp op, org.apache.hadoop.fs.Path path, long bytes)
        throws IOException {
      CyclicBarrier g = gate;
      if (g != null && op == FsOp.READ && path.getName().endsWith(".sst")) {
        try {
          g.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
          throw new IOException("the reads of one round did not overlap: " + e, e);
        }
      }
      super.beforeOp(op, path, bytes);
    }
  }

  /** A store on the gated file system, without block cache, whose memtable holds every key. */
  private Db openGated() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.faulty+file.impl", GatedFileSystem.class.getName());
    return Db.open(
        options("faulty+")
            .hadoopConfiguration(conf)
            .blockCacheBytes(0)
            .memtableBytes(1 << 20)
            .build());
  }

  /**
   * Looks up keys 300, 10 and 150 with every SST read held at a barrier of three: the batch
   * completes only if three of its reads are in flight at once.
   */
  private static void assertThreeReadsInFlightTogether(Db db) throws IOException {
    GatedFileSystem fs = (GatedFileSystem) db.internal().fileSystem().hadoopFileSystem();
    fs.arm(new CyclicBarrier(3));
    List<byte[]> values = db.multiGet(List.of(key(300), key(10), key(150)));
    fs.arm(null);
    assertArrayEquals(value(300), values.get(0));
    assertArrayEquals(value(10), values.get(1));
    assertArrayEquals(value(150), values.get(2));
  }

  @Test
  void theRemoteReadsOfOneRoundAreInFlightTogether() throws IOException {
    try (Db db = openGated()) {
      for (int i = 0; i < KEYS; i++) {
        db.put(key(i), value(i));
      }
      db.flush(); // one file of many 512-byte blocks
      assertArrayEquals(value(0), db.get(key(0))); // opens it
      // Three keys far apart: three blocks, read by the caller and two helpers at once.
      assertThreeReadsInFlightTogether(db);
    }
  }

  @Test
  void theBlocksOfEveryRoundAreFetchedAheadTogether() throws IOException {
    try (Db db = openGated()) {
      for (int i : new int[] {10, 150, 300}) {
        db.put(key(i), value(i));
        db.flush(); // three level-0 files: three rounds of one block each
      }
      assertArrayEquals(value(10), db.get(key(10))); // opens the files
      assertArrayEquals(value(150), db.get(key(150)));
      assertArrayEquals(value(300), db.get(key(300)));
      // Only reads of all three rounds in flight at once pass the gate.
      assertThreeReadsInFlightTogether(db);
    }
  }

  @Test
  void aReadExecutorThatTakesNothingMakesTheBatchSequential() throws IOException {
    try (Db db =
        Db.open(
            options("latency+")
                .blockCacheBytes(0)
                .readExecutor(
                    r -> {
                      throw new RejectedExecutionException("saturated");
                    })
                .build())) {
      fill(db);
      assertAllValues(db.multiGet(allKeys()));
    }
  }

  /**
   * The latency wrapper without latency, counting vectored reads (calls and ranges) and positional
   * reads of SSTs, and failing the next vectored read once armed.
   */
  public static final class VectoredCountingFileSystem extends LatencyFileSystem {
    final AtomicLong vectoredCalls = new AtomicLong();
    final AtomicLong vectoredRanges = new AtomicLong();
    final AtomicLong positionalReads = new AtomicLong();
    final AtomicBoolean failNext = new AtomicBoolean();

    @Override
    protected void readVectored(
        org.apache.hadoop.fs.Path path,
        FSDataInputStream in,
        List<? extends FileRange> ranges,
        IntFunction<ByteBuffer> allocate)
        throws IOException {
      vectoredCalls.incrementAndGet();
      vectoredRanges.addAndGet(ranges.size());
      if (failNext.compareAndSet(true, false)) {
        for (FileRange r : ranges) {
          r.setData(
              java.util.concurrent.CompletableFuture.failedFuture(
                  new IOException("injected vectored failure")));
        }
        return;
      }
      super.readVectored(path, in, ranges, allocate);
    }

    @Override
    protected void beforeOp(FsOp op, org.apache.hadoop.fs.Path path, long bytes)
        throws IOException {
      if (op == FsOp.READ && path.getName().endsWith(".sst")) {
        positionalReads.incrementAndGet();
      }
      super.beforeOp(op, path, bytes);
    }
  }

  private DbOptions.Builder vectoredOptions() {
    Configuration conf = new Configuration();
    conf.set("fs.latency+file.impl", VectoredCountingFileSystem.class.getName());
    return options("latency+").hadoopConfiguration(conf).blockCacheBytes(0);
  }

  @Test
  void eachRoundReadsItsBlocksWithOneVectoredReadPerFile() throws IOException {
    try (Db db = Db.open(vectoredOptions().build())) {
      for (int i = 0; i < KEYS; i++) {
        db.put(key(i), value(i));
        if (i % 140 == 139 || i == KEYS - 1) {
          db.flush(); // three level-0 files of disjoint keys: below the compaction trigger
        }
      }
      assertAllValues(db.multiGet(allKeys())); // opens every file
      VectoredCountingFileSystem fs =
          (VectoredCountingFileSystem) db.internal().fileSystem().hadoopFileSystem();
      int files = db.internal().currentVersion().allFiles().size();
      assertTrue(files > 2, "the keys span several files: " + files);
      fs.vectoredCalls.set(0);
      fs.vectoredRanges.set(0);
      fs.positionalReads.set(0);
      assertAllValues(db.multiGet(allKeys()));
      assertEquals(files, fs.vectoredCalls.get(), "one vectored read per file and round");
      assertTrue(fs.vectoredRanges.get() >= files, "every block a range: " + fs.vectoredRanges);
      assertEquals(0, fs.positionalReads.get(), "no block read on its own");
    }
  }

  @Test
  void aFailedVectoredReadFailsTheBatchNamingTheFileAndLeaksNoBlock() throws IOException {
    PooledByteBufAllocator allocator = countingAllocator();
    BlockCache cache = BlockCache.create(4 * 1024, allocator);
    try (Db db = Db.open(vectoredOptions().blockCache(cache).build())) {
      fill(db);
      assertAllValues(db.multiGet(allKeys()));
      VectoredCountingFileSystem fs =
          (VectoredCountingFileSystem) db.internal().fileSystem().hadoopFileSystem();
      fs.failNext.set(true);
      IOException e = assertThrows(IOException.class, () -> db.multiGet(allKeys()));
      assertTrue(
          e.getMessage().contains(".sst") && e.getMessage().contains("injected vectored failure"),
          e.getMessage());
      assertAllValues(db.multiGet(allKeys()));
    } finally {
      cache.close();
    }
    assertEquals(0, liveAllocations(allocator), "every block buffer was released");
  }

  @Test
  void aDamagedBlockFetchedByAVectoredReadIsACorruptionNamingFileAndOffset() throws IOException {
    Path sst = storeWithADamagedBlock();
    try (Db db = Db.open(vectoredOptions().build())) {
      CorruptionException e = assertThrows(CorruptionException.class, () -> db.multiGet(allKeys()));
      assertTrue(e.getMessage().contains(sst.getFileName().toString()), e.getMessage());
      assertEquals(0, e.offset(), "the first data block: " + e.getMessage());
      VectoredCountingFileSystem fs =
          (VectoredCountingFileSystem) db.internal().fileSystem().hadoopFileSystem();
      assertTrue(fs.vectoredCalls.get() > 0, "the block came by a vectored read");
    }
  }
}
