package io.sediment.lsm.internal.db;

import io.netty.buffer.ByteBuf;
import io.sediment.lsm.internal.sst.SstReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches the data blocks of one round of a batched lookup together, each through the block cache
 * as a single lookup would read it.
 *
 * <p>A block the block cache holds is taken from it. A block of a file whose reads are served by
 * this machine's storage ({@link SstReader#readsLocally()}) is read on the calling thread: a local
 * read takes less time than handing it to another thread. The other blocks wait on remote storage.
 * Where the file system serves many reads of a file together ({@link
 * SstReader#overlapsBlockReads()}: a vectored read), each file's blocks go out in one request, all
 * files' requests are started before any is waited for, and the caller then waits once and decodes
 * them; no thread waits per block. The remaining blocks are read side by side: the caller starts up
 * to {@code maxHelpers} helpers on the read executor, and the caller and helpers each take the next
 * unread block until none is left. Either way a round costs about one remote round trip instead of
 * one per block (with positional reads, while it has at most {@code maxHelpers + 1} blocks).
 *
 * <p>{@link #fetch} returns only when every read it started has finished, whatever happens: a
 * failure is thrown once all are done, with every block read so far released, and an interrupt of
 * the caller is kept for after. Blocks no helper took are read by the caller, so a saturated or
 * shut-down executor only makes the round sequential. Thread-safe; one instance serves every batch
 * of a store.
 */
final class BlockFetch {

  private final Executor executor;
  private final int maxHelpers;

  /**
   * @param executor runs the helpers
   * @param maxHelpers most helpers one round starts besides its calling thread (0: none)
   */
  BlockFetch(Executor executor, int maxHelpers) {
    this.executor = executor;
    this.maxHelpers = Math.max(0, maxHelpers);
  }

  /**
   * Data block {@code blocks[i]} of {@code readers[i]} for every {@code i < count}, each retained
   * for the caller, who releases every one.
   *
   * @throws IOException the first read failure (naming the file), after every read has finished and
   *     every block already read has been released
   */
  ByteBuf[] fetch(SstReader[] readers, int[] blocks, int count) throws IOException {
    ByteBuf[] out = new ByteBuf[count];
    boolean fetched = false;
    try {
      int[] remote = new int[count];
      int remoteCount = 0;
      int[] vectored = new int[count];
      int vectoredCount = 0;
      for (int i = 0; i < count; i++) {
        out[i] = readers[i].cachedBlock(blocks[i]);
        if (out[i] == null) {
          if (readers[i].readsLocally()) {
            out[i] = readers[i].readBlock(blocks[i]);
          } else if (readers[i].overlapsBlockReads()) {
            vectored[vectoredCount++] = i;
          } else {
            remote[remoteCount++] = i;
          }
        }
      }
      VectoredRound round =
          vectoredCount == 0 ? null : VectoredRound.start(readers, blocks, vectored, vectoredCount);
      try {
        if (remoteCount == 1) {
          out[remote[0]] = readers[remote[0]].readBlock(blocks[remote[0]]);
        } else if (remoteCount > 1) {
          new Wave(readers, blocks, out, remote, remoteCount).run();
        }
      } catch (IOException | RuntimeException | Error e) {
        if (round != null) {
          // Waits for every read it started before the blocks go back; the first failure wins.
          try {
            round.finish(readers, blocks, out);
          } catch (IOException | RuntimeException | Error later) {
            e.addSuppressed(later);
          }
        }
        throw e;
      }
      if (round != null) {
        round.finish(readers, blocks, out);
      }
      fetched = true;
      return out;
    } finally {
      if (!fetched) {
        release(out);
      }
    }
  }

  /** Releases every block of {@code blocks} that is there. */
  static void release(ByteBuf[] blocks) {
    for (ByteBuf b : blocks) {
      if (b != null) {
        b.release();
      }
    }
  }

  /** The remote reads of one round, shared between the caller and its helpers. */
  private final class Wave {
    private final SstReader[] readers;
    private final int[] blocks;
    private final ByteBuf[] out;
    private final int[] todo;
    private final int count;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Wave(SstReader[] readers, int[] blocks, ByteBuf[] out, int[] todo, int count) {
      this.readers = readers;
      this.blocks = blocks;
      this.out = out;
      this.todo = todo;
      this.count = count;
      this.done = new CountDownLatch(count);
    }

    void run() throws IOException {
      int helpers = Math.min(maxHelpers, count - 1);
      for (int h = 0; h < helpers && next.get() < count; h++) {
        try {
          executor.execute(this::work);
        } catch (RejectedExecutionException e) {
          break; // closed or saturated: the caller reads what is left
        }
      }
      work();
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // helpers still write into out: wait for them all the same
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      rethrow(failure.get());
    }

    private void work() {
      for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
        int i = todo[n];
        try {
          if (failure.get() == null) {
            out[i] = readers[i].readBlock(blocks[i]);
          }
        } catch (IOException | RuntimeException | Error e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }
    }
  }

  /** Throws {@code t} as what it is (an unchecked I/O failure as its cause); nothing if null. */
  static void rethrow(Throwable t) throws IOException {
    if (t == null) {
      return;
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IOException(t.getMessage(), t);
  }
}
