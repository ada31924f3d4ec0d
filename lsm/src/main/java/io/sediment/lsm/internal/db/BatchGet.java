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
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <p>On remote storage even one round trip per level adds up: a batch that reaches a few level-0
 * files and three levels waits six times. So before the rounds, every pending key is also entered
 * (bloom filter and index only) into every source it would reach, and the data blocks of remote
 * files that any key may need are fetched in one go ({@link #prefetch}); the rounds then take them
 * from there. The price is the blocks of older sources that a newer source makes unnecessary (an
 * overwritten key's old version), read for nothing; a batch waits about one round trip in all.
 * Files read locally are left to the rounds, where an unnecessary read is never made. At most
 * {@value #MAX_PREFETCHED_BLOCKS} blocks are fetched ahead, which bounds the memory one batch
 * holds.
 *
 * <p>Values come back in the caller's order, in a new mutable list; a key asked for twice gets two
 * equal arrays. Not thread-safe: one instance per call.
 */
final class BatchGet {

  /** Most data blocks fetched ahead of the rounds: 8 MiB of 4 KiB blocks. */
  static final int MAX_PREFETCHED_BLOCKS = 2048;

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

  /** Blocks fetched ahead of the rounds, by file and block; each released at the end of the run. */
  private final Map<SstReader, Map<Integer, ByteBuf>> prefetched = new IdentityHashMap<>();

  /**
   * The block each key needs in each source, as {@link #prefetch} found it, so the rounds do not
   * look it up again: {@code [key * sources + source]}, where level-0 file {@code i} is source
   * {@code i} and level {@code L} is source {@code level0 + L - 1}; {@link #UNKNOWN} where not
   * looked up, -1 where the file has no block for the key. Null without a prefetch.
   */
  private int[] knownBlocks;

  private int sources;

  private static final int UNKNOWN = -2;

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
    try {
      prefetch(version);
      resolveFiles(version);
    } finally {
      for (Map<Integer, ByteBuf> blocks : prefetched.values()) {
        for (ByteBuf b : blocks.values()) {
          b.release();
        }
      }
      prefetched.clear();
    }

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

  /**
   * Fetches together the data blocks of remote files that the pending keys may need in any source,
   * unless they all lie in one source (the rounds then fetch them just as well).
   */
  private void prefetch(Version version) throws IOException {
    List<SstReader> readers = new ArrayList<>();
    List<Integer> blocks = new ArrayList<>();
    Map<SstReader, Set<Integer>> seen = new IdentityHashMap<>();
    // The rounds the candidates fall in: level-0 file i is round i, level L is round -L.
    Set<Integer> rounds = new HashSet<>();
    List<FileMetadata> level0 = version.files(0);
    sources = level0.size() + Version.NUM_LEVELS - 1;
    knownBlocks = new int[keys.length * sources];
    Arrays.fill(knownBlocks, UNKNOWN);
    for (int p = 0; p < pendingCount && readers.size() < MAX_PREFETCHED_BLOCKS; p++) {
      int k = pending[p];
      for (int i = 0; i < level0.size(); i++) {
        FileMetadata f = level0.get(i);
        if (f.overlaps(keys[k], keys[k]) && candidate(f, k, i, readers, blocks, seen)) {
          rounds.add(i);
        }
      }
      for (int level = 1; level < Version.NUM_LEVELS; level++) {
        FileMetadata f = version.fileFor(level, keys[k]);
        if (f != null && candidate(f, k, level0.size() + level - 1, readers, blocks, seen)) {
          rounds.add(-level);
        }
      }
    }
    if (rounds.size() < 2) {
      return; // one round at most: it fetches the same blocks together anyway
    }
    int count = Math.min(readers.size(), MAX_PREFETCHED_BLOCKS);
    SstReader[] r = readers.subList(0, count).toArray(SstReader[]::new);
    int[] b = new int[count];
    for (int i = 0; i < count; i++) {
      b[i] = blocks.get(i);
    }
    ByteBuf[] bufs = fetch.fetch(r, b, count);
    for (int i = 0; i < count; i++) {
      prefetched.computeIfAbsent(r[i], x -> new HashMap<>()).put(b[i], bufs[i]);
    }
  }

  /**
   * Adds the block of {@code f} (source {@code source}) that may hold key {@code k} to the
   * candidates (once), if {@code f} is read remotely and its filter lets the key through.
   *
   * @return whether {@code f} is remote and has a block for the key
   */
  private boolean candidate(
      FileMetadata f,
      int k,
      int source,
      List<SstReader> readers,
      List<Integer> blocks,
      Map<SstReader, Set<Integer>> seen)
      throws IOException {
    SstView view = tables.reader(f);
    SstReader reader = view.reader();
    if (reader.readsLocally()) {
      return false;
    }
    int block = view.blockFor(keys[k], seq);
    knownBlocks[k * sources + source] = block;
    if (block < 0) {
      return false;
    }
    if (seen.computeIfAbsent(reader, x -> new HashSet<>()).add(block)) {
      readers.add(reader);
      blocks.add(block);
    }
    return true;
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
          enter(f, pending[p], i);
        }
      }
      round();
    }
    for (int level = 1; level < Version.NUM_LEVELS && pendingCount > 0; level++) {
      probeCount = 0;
      for (int p = 0; p < pendingCount; p++) {
        FileMetadata f = version.fileFor(level, keys[pending[p]]);
        if (f != null) {
          enter(f, pending[p], level0.size() + level - 1);
        }
      }
      round();
    }
  }

  /**
   * Enters key {@code k} into file {@code f} (source {@code source}): its range tombstones, then
   * its block, if any.
   */
  private void enter(FileMetadata f, int k, int source) throws IOException {
    ReadPath.enterSource(tables.tombstones(f), keys[k], seq, contexts[k]);
    SstView view = tables.reader(f);
    int known = knownBlocks == null ? UNKNOWN : knownBlocks[k * sources + source];
    int block = known != UNKNOWN ? known : view.blockFor(keys[k], seq);
    if (block >= 0) {
      probeKey[probeCount] = k;
      probeView[probeCount] = view;
      probeBlock[probeCount] = block;
      probeFirst[probeCount] = true;
      probeCount++;
    }
  }

  /**
   * Blocks {@code blocks[i]} of {@code readers[i]}, each retained for the caller: those fetched
   * ahead from there, the others fetched together now.
   */
  private ByteBuf[] fetchOrTakePrefetched(SstReader[] readers, int[] blocks, int count)
      throws IOException {
    if (prefetched.isEmpty()) {
      return fetch.fetch(readers, blocks, count);
    }
    ByteBuf[] out = new ByteBuf[count];
    int[] missing = new int[count];
    int missingCount = 0;
    for (int i = 0; i < count; i++) {
      Map<Integer, ByteBuf> ofFile = prefetched.get(readers[i]);
      ByteBuf b = ofFile == null ? null : ofFile.get(blocks[i]);
      if (b != null) {
        out[i] = b.retain();
      } else {
        missing[missingCount++] = i;
      }
    }
    if (missingCount > 0) {
      SstReader[] r = new SstReader[missingCount];
      int[] b = new int[missingCount];
      for (int m = 0; m < missingCount; m++) {
        r[m] = readers[missing[m]];
        b[m] = blocks[missing[m]];
      }
      ByteBuf[] fetched;
      try {
        fetched = fetch.fetch(r, b, missingCount);
      } catch (IOException | RuntimeException | Error e) {
        BlockFetch.release(out);
        throw e;
      }
      for (int m = 0; m < missingCount; m++) {
        out[missing[m]] = fetched[m];
      }
    }
    return out;
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
      ByteBuf[] bufs = fetchOrTakePrefetched(readers, blocks, fetches);
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
