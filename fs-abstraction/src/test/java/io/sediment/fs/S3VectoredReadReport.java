package io.sediment.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sediment.fs.testing.InProcessS3;
import io.sediment.fs.testing.S3RequestKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileRange;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How one round of a batched lookup should read the data blocks it needs from one SST on S3: as
 * today, one positional read per block, spread over up to 64 threads (the store's {@code
 * BlockFetch}), or as one {@code readVectored} call, which S3A serves by merging nearby ranges and
 * fetching the merged ranges in parallel. Measured against the in-process S3 server, with and
 * without a time to first byte added to every GET; prints GETs, bytes fetched and the time of a
 * round for each, and checks that both ways read exactly the file's bytes.
 *
 * <p>File: 32 MiB, 4 KiB blocks (the default block size); a round reads {@code n} distinct blocks
 * drawn uniformly from the file (a sorted batch of keys spread over one file), for several {@code
 * n}. Vectored reads run with S3A's default of 4 merged ranges in flight and with 64, as many as
 * the positional reads' threads. Each configuration runs {@value #ROUNDS} rounds of every way,
 * rotating which goes first, after one warm-up round each (the positional reads' stream pool is
 * warm in a running store too). Run it with {@code mvn -pl fs-abstraction test
 * -Dtest=S3VectoredReadReport -Dsurefire.failIfNoSpecifiedTests=false}. {@code
 * -Dsediment.vectoredLatencyMs=N} sets the added latency of the second pass (default 20 ms, an S3
 * GET's time to first byte within a region).
 */
class S3VectoredReadReport {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  private static final int FILE_BYTES = 32 << 20;
  private static final int BLOCK = 4096;
  private static final int ROUNDS = 6;
  private static final int THREADS = 64;

  @Test
  void positionalAgainstVectoredReads() throws Exception {
    byte[] content = new byte[FILE_BYTES];
    new SplittableRandom(7).nextBytes(content);
    Configuration conf = S3.configuration();
    Path path = new Path(S3.freshDir("vectored").toString() + "/000001.sst");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (FileSystemView view = FileSystemView.open(path.getParent().toString(), conf)) {
      try (OutputStream out = view.hadoopFileSystem().create(path, false)) {
        out.write(content);
      }
      long latencyMs = Long.getLong("sediment.vectoredLatencyMs", 20);
      StringBuilder table = new StringBuilder();
      table.append(
          "| GET latency | blocks per round | positional: GETs, MiB sent, ms per round"
              + " | vectored, 4 in flight (default) | vectored, 64 in flight |\n"
              + "|--:|--:|---|---|---|\n");
      Configuration wide = new Configuration(conf);
      wide.setInt("fs.s3a.vectored.active.ranged.reads", THREADS);
      for (long latency : new long[] {0, latencyMs}) {
        S3.requests().setGetLatencyNanos(latency * 1_000_000);
        try (FileSystem wideFs = FileSystem.newInstance(path.toUri(), wide);
            ReadableFile file = view.openRead(path);
            FSDataInputStream in = view.hadoopFileSystem().open(path);
            FSDataInputStream wideIn = wideFs.open(path)) {
          for (int n : new int[] {4, 16, 64, 256}) {
            List<Round> ways = new ArrayList<>();
            SplittableRandom r = new SplittableRandom(n);
            long[][] current = new long[1][];
            ways.add(() -> positional(file, pool, current[0], content));
            ways.add(() -> vectored(in, current[0], content));
            ways.add(() -> vectored(wideIn, current[0], content));
            List<Figures> figures = new ArrayList<>();
            for (int w = 0; w < ways.size(); w++) {
              figures.add(new Figures());
              current[0] = blocks(r, n);
              ways.get(w).run(); // warm-up: opens the pooled streams, starts the connections
            }
            for (int round = 0; round < ROUNDS; round++) {
              current[0] = blocks(r, n);
              for (int i = 0; i < ways.size(); i++) {
                // Each round starts with another way, so none always runs first.
                int w = (round + i) % ways.size();
                figures.get(w).add(ways.get(w));
              }
            }
            table.append(
                String.format(
                    "| %d ms | %d | %s | %s | %s |%n",
                    latency,
                    n,
                    figures.get(0).text(),
                    figures.get(1).text(),
                    figures.get(2).text()));
          }
        }
      }
      S3.requests().setGetLatencyNanos(0);
      System.out.println(
          "S3 block reads per round, positional (up to "
              + THREADS
              + " threads) against one readVectored call (S3A merges ranges across gaps under"
              + " 128 KiB, up to 2 MiB):\n"
              + table);
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code n} distinct block numbers of the file, sorted. */
  private static long[] blocks(SplittableRandom r, int n) {
    return r.longs(FILE_BYTES / BLOCK * 4L, 0, FILE_BYTES / BLOCK)
        .distinct()
        .limit(n)
        .sorted()
        .toArray();
  }

  /** The round as the store reads it today: the caller and helpers take the next block each. */
  private static void positional(
      ReadableFile file, ExecutorService pool, long[] blocks, byte[] content) throws Exception {
    byte[][] out = new byte[blocks.length][BLOCK];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(blocks.length);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work =
        () -> {
          for (int i = next.getAndIncrement(); i < blocks.length; i = next.getAndIncrement()) {
            try {
              file.readFully(blocks[i] * BLOCK, out[i], 0, BLOCK);
            } catch (IOException | RuntimeException e) {
              failure.compareAndSet(null, e);
            } finally {
              done.countDown();
            }
          }
        };
    for (int h = 0; h < Math.min(THREADS, blocks.length - 1); h++) {
      pool.execute(work);
    }
    work.run();
    done.await();
    if (failure.get() != null) {
      throw new AssertionError("a positional read failed", failure.get());
    }
    check(blocks, out, content);
  }

  /** The round as one vectored read of all its blocks. */
  private static void vectored(FSDataInputStream in, long[] blocks, byte[] content)
      throws Exception {
    List<FileRange> ranges = new ArrayList<>();
    for (long b : blocks) {
      ranges.add(FileRange.createFileRange(b * BLOCK, BLOCK));
    }
    in.readVectored(ranges, ByteBuffer::allocate);
    byte[][] out = new byte[blocks.length][BLOCK];
    for (int i = 0; i < blocks.length; i++) {
      ByteBuffer data = ranges.get(i).getData().get();
      assertEquals(BLOCK, data.remaining(), "bytes of block " + blocks[i]);
      data.get(out[i]);
    }
    check(blocks, out, content);
  }

  private static void check(long[] blocks, byte[][] out, byte[] content) {
    for (int i = 0; i < blocks.length; i++) {
      int at = (int) (blocks[i] * BLOCK);
      assertArrayEquals(Arrays.copyOfRange(content, at, at + BLOCK), out[i], "block " + blocks[i]);
    }
  }

  @FunctionalInterface
  private interface Round {
    void run() throws Exception;
  }

  /** GETs, bytes the server sent and time, summed over rounds. */
  private static final class Figures {
    private long gets;
    private long bytes;
    private long nanos;
    private int rounds;

    void add(Round round) throws Exception {
      long g =
          S3.requests().count(S3RequestKind.GET_RANGE) + S3.requests().count(S3RequestKind.GET);
      long b = S3.requests().bytesServed();
      long start = System.nanoTime();
      round.run();
      nanos += System.nanoTime() - start;
      gets +=
          S3.requests().count(S3RequestKind.GET_RANGE) + S3.requests().count(S3RequestKind.GET) - g;
      bytes += S3.requests().bytesServed() - b;
      rounds++;
    }

    String text() {
      return String.format(
          "%.1f GETs, %.2f MiB, %.1f ms",
          (double) gets / rounds, bytes / (double) rounds / (1 << 20), nanos / 1e6 / rounds);
    }
  }
}
