package io.sediment.lsm.internal.db;

import io.netty.buffer.ByteBuf;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.read.GetContext;
import io.sediment.lsm.internal.sst.SstReader;
import io.sediment.lsm.internal.sst.SstView;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The point lookups of one {@code multiGet}, resolved together against one pinned read view.
 *
 * <p>The keys are sorted and each distinct key gets its own {@link GetContext}, fed by exactly the
 * steps of a single lookup ({@link ReadPath#fromMemTables}, {@link ReadPath#enterSource}, {@link
 * SstReader#blockFor} and {@link SstReader#getInBlock}, the two halves of {@link SstReader#get}),
 * so merge operands, point and range tombstones, clipped references and the snapshot resolve
 * exactly as they do for {@code get}. Only the order of the work differs: all keys go through the
 * memtables first; then, for the keys still unresolved, each level-0 file newest first and each
 * deeper level is one round. A round enters every key's file (its range tombstones, its clip, its
 * bloom filter, its index), gathers the data blocks the keys need, each once, fetches them all
 * together ({@link BlockFetch}: the block cache, local reads in line, remote reads side by side),
 * and then feeds every key from its block before the next round starts. A key whose entries run on
 * into the next block of its file (a long run of merge operands) continues there in a follow-up
 * fetch of the same round. A batch thus waits about one remote round trip per level instead of one
 * per key and level.
 *
 * <p>Values come back in the caller's order, in a new mutable list; a key asked for twice gets two
 * equal arrays. Not thread-safe: one instance per call.
 */
final class BatchGet {

  private final TableCache tables;
  private final MergeFunction mergeFunction;
  private final BlockFetch fetch;
  private final long seq;

  /** Distinct keys in order and their lookups. */
  private byte[][] keys;

  private GetContext[] contexts;

  /** Indexes (into keys) of the lookups still unresolved, in key order. */
  private int[] pending;

  private int pendingCount;

  /** The probes of the current step of a round: key, file and block to search, seek or not. */
  private int[] probeKey;

  private SstView[] probeView;
  private int[] probeBlock;
  private boolean[] probeFirst;
  private int probeCount;

  /**
   * @param seq the sequence the batch reads at
   */
  BatchGet(TableCache tables, MergeFunction mergeFunction, BlockFetch fetch, long seq) {
    this.tables = tables;
    this.mergeFunction = mergeFunction;
    this.fetch = fetch;
    this.seq = seq;
  }

  /**
   * The values of {@code requested} (random access, no null element) in the view of {@code mems}
   * and {@code version}, in the same order; null where absent.
   *
   * @throws IOException naming the file, if a file cannot be opened or read (a CorruptionException
   *     for bad data); every block read is released first
   * @throws IllegalStateException if a merge operand is met and the store has no merge function
   */
  List<byte[]> run(List<byte[]> requested, MemTables mems, Version version) throws IOException {
    int n = requested.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> InternalKey.compareUserKeys(requested.get(a), requested.get(b)));
    int[] slotOf = new int[n];
    keys = new byte[n][];
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      byte[] key = requested.get(order[i]);
      if (distinct == 0 || InternalKey.compareUserKeys(keys[distinct - 1], key) != 0) {
        keys[distinct++] = key;
      }
      slotOf[order[i]] = distinct - 1;
    }
    contexts = new GetContext[distinct];
    pending = new int[distinct];
    for (int k = 0; k < distinct; k++) {
      contexts[k] = new GetContext(keys[k], seq, mergeFunction);
      if (!ReadPath.fromMemTables(mems, keys[k], seq, contexts[k])) {
        pending[pendingCount++] = k;
      }
    }
    resolveFiles(version);

    byte[][] values = new byte[n][];
    boolean[] handedOut = new boolean[distinct];
    for (int i = 0; i < n; i++) {
      int k = slotOf[i];
      byte[] v = contexts[k].result();
      values[i] = v != null && handedOut[k] ? v.clone() : v;
      handedOut[k] = true;
    }
    return new ArrayList<>(Arrays.asList(values));
  }

  /** Level 0 newest first, one round per file, then one round per deeper level. */
  private void resolveFiles(Version version) throws IOException {
    probeKey = new int[pendingCount];
    probeView = new SstView[pendingCount];
    probeBlock = new int[pendingCount];
    probeFirst = new boolean[pendingCount];
    List<FileMetadata> level0 = version.files(0);
    for (int i = 0; i < level0.size() && pendingCount > 0; i++) {
      FileMetadata f = level0.get(i);
      probeCount = 0;
      for (int p = 0; p < pendingCount; p++) {
        byte[] key = keys[pending[p]];
        if (f.overlaps(key, key)) {
          enter(f, pending[p]);
        }
      }
      round();
    }
    for (int level = 1; level < Version.NUM_LEVELS && pendingCount > 0; level++) {
      probeCount = 0;
      for (int p = 0; p < pendingCount; p++) {
        FileMetadata f = version.fileFor(level, keys[pending[p]]);
        if (f != null) {
          enter(f, pending[p]);
        }
      }
      round();
    }
  }

  /** Enters key {@code k} into file {@code f}: its range tombstones, then its block, if any. */
  private void enter(FileMetadata f, int k) throws IOException {
    ReadPath.enterSource(tables.tombstones(f), keys[k], seq, contexts[k]);
    SstView view = tables.reader(f);
    int block = view.blockFor(keys[k], seq);
    if (block >= 0) {
      probeKey[probeCount] = k;
      probeView[probeCount] = view;
      probeBlock[probeCount] = block;
      probeFirst[probeCount] = true;
      probeCount++;
    }
  }

  /**
   * Fetches the blocks of the probes together and feeds every probed key from its block; keys whose
   * entries go on in the next block are probed again there. Then drops resolved keys.
   */
  private void round() throws IOException {
    while (probeCount > 0) {
      // Keys are in order and a file's blocks follow its keys' order, so probes of one block are
      // next to each other.
      SstReader[] readers = new SstReader[probeCount];
      int[] blocks = new int[probeCount];
      int[] fetchOf = new int[probeCount];
      int fetches = 0;
      for (int p = 0; p < probeCount; p++) {
        SstReader r = probeView[p].reader();
        if (fetches == 0 || readers[fetches - 1] != r || blocks[fetches - 1] != probeBlock[p]) {
          readers[fetches] = r;
          blocks[fetches] = probeBlock[p];
          fetches++;
        }
        fetchOf[p] = fetches - 1;
      }
      ByteBuf[] bufs = fetch.fetch(readers, blocks, fetches);
      try {
        int next = 0;
        for (int p = 0; p < probeCount; p++) {
          int k = probeKey[p];
          boolean more =
              readers[fetchOf[p]].getInBlock(
                  bufs[fetchOf[p]], probeBlock[p], probeFirst[p], keys[k], seq, contexts[k]);
          if (more) {
            // Continues in the next block of the same file; next <= p, so this overwrites a probe
            // already done.
            probeKey[next] = k;
            probeView[next] = probeView[p];
            probeBlock[next] = probeBlock[p] + 1;
            probeFirst[next] = false;
            next++;
          }
        }
        probeCount = next;
      } finally {
        BlockFetch.release(bufs);
      }
    }
    int kept = 0;
    for (int p = 0; p < pendingCount; p++) {
      if (!contexts[pending[p]].isDone()) {
        pending[kept++] = pending[p];
      }
    }
    pendingCount = kept;
  }
}
