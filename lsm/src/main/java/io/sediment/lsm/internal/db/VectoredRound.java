package io.sediment.lsm.internal.db;

import io.netty.buffer.ByteBuf;
import io.sediment.lsm.internal.sst.SstReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The blocks of one {@link BlockFetch} round whose files serve vectored reads: one {@link
 * SstReader#startBlockReads} request per file, all started before any is waited for, then one wait
 * and the decoding of every block on the calling thread.
 */
final class VectoredRound {

  /** The fetch slots of the round, grouped by file. */
  private final int[] slots;

  private final byte[][] raw;
  private final List<CompletableFuture<Void>> requests;
  private final Throwable startFailure;

  private VectoredRound(
      int[] slots, byte[][] raw, List<CompletableFuture<Void>> requests, Throwable startFailure) {
    this.slots = slots;
    this.raw = raw;
    this.requests = requests;
    this.startFailure = startFailure;
  }

  /** Starts the requests for {@code slots[0..count)} (indexes into readers and blocks). */
  static VectoredRound start(SstReader[] readers, int[] blocks, int[] slots, int count) {
    Map<SstReader, List<Integer>> byFile = new IdentityHashMap<>();
    for (int n = 0; n < count; n++) {
      byFile.computeIfAbsent(readers[slots[n]], r -> new ArrayList<>()).add(slots[n]);
    }
    int[] grouped = new int[count];
    int[] groupBlocks = new int[count];
    byte[][] raw = new byte[count][];
    List<CompletableFuture<Void>> requests = new ArrayList<>(byFile.size());
    int at = 0;
    Throwable failure = null;
    for (List<Integer> group : byFile.values()) {
      int from = at;
      for (int slot : group) {
        grouped[at] = slot;
        groupBlocks[at] = blocks[slot];
        at++;
      }
      if (failure != null) {
        continue;
      }
      try {
        requests.add(readers[grouped[from]].startBlockReads(groupBlocks, raw, from, at));
      } catch (IOException | RuntimeException e) {
        failure = e; // the requests already started are still waited for
      }
    }
    return new VectoredRound(grouped, raw, requests, failure);
  }

  /**
   * Waits for every request, then puts each slot's block into {@code out}.
   *
   * @throws IOException the first failure (naming the file), once every request has ended; blocks
   *     of the round already decoded stay in {@code out} for the caller to release
   */
  void finish(SstReader[] readers, int[] blocks, ByteBuf[] out) throws IOException {
    Throwable failure = startFailure;
    for (CompletableFuture<Void> request : requests) {
      try {
        request.join(); // not interruptible: the arrays are written until the request ends
      } catch (CompletionException e) {
        if (failure == null) {
          failure = e.getCause() == null ? e : e.getCause();
        }
      }
    }
    if (failure == null) {
      for (int n = 0; n < slots.length; n++) {
        int slot = slots[n];
        out[slot] = readers[slot].blockFromBytes(blocks[slot], raw[n]);
      }
      return;
    }
    BlockFetch.rethrow(failure);
  }
}
