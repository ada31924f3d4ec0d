package io.sediment.fuzz;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The reference store: the whole state is a sorted map in unsigned lexicographic key order (a
 * shorter key first on a common prefix), merges are folded into values as they are written, and a
 * snapshot is a copy of the map. Its answers are what the engine must answer; it is simple enough
 * to be right by inspection.
 *
 * <p>Merge folding as writes arrive requires a merge function for which folding one operand at a
 * time equals folding many ({@code fullMerge(fullMerge(b, [o1]), [o2]) == fullMerge(b, [o1, o2])});
 * {@link ConcatMergeFunction} and {@code MergeFunctions.uint64Add()} are such functions.
 *
 * <p>Errors mirror the engine's: a null argument or a range whose begin is not before its end
 * throws {@link IllegalArgumentException}; a merge without a merge function, a read through a
 * released snapshot, and any call after {@link #close()} throw {@link IllegalStateException}. Every
 * acknowledged write survives {@link #reopen()} and {@link #crash()}. A checkpoint, like a
 * snapshot, is the map of its moment, and a restore makes it current again. Not thread-safe.
 */
public final class ModelStore implements KvStore {

  private final MergeFunction mergeFunction;
  private NavigableMap<byte[], byte[]> current = newMap();
  private final Map<Snapshot, NavigableMap<byte[], byte[]>> snapshots = new IdentityHashMap<>();
  private final Map<Long, NavigableMap<byte[], byte[]>> checkpoints = new HashMap<>();
  private final Map<Long, KeyGroupRules> checkpointRules = new HashMap<>();
  private final ParkedStores<NavigableMap<byte[], byte[]>> parked = new ParkedStores<>();
  private KeyGroupRules rules;
  private long sequence;
  private boolean closed;

  /** Whether a snapshot or an iterator holds {@link #current}: the next write must copy it. */
  private boolean shared;

  /**
   * @param mergeFunction the merge function, or null for a store without one (merges then fail)
   */
  public ModelStore(MergeFunction mergeFunction) {
    this.mergeFunction = mergeFunction;
  }

  static NavigableMap<byte[], byte[]> newMap() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    write(new WriteBatch().put(key, value));
  }

  @Override
  public void delete(byte[] key) {
    write(new WriteBatch().delete(key));
  }

  @Override
  public void deleteRange(byte[] beginInclusive, byte[] endExclusive) {
    write(new WriteBatch().deleteRange(beginInclusive, endExclusive));
  }

  @Override
  public void merge(byte[] key, byte[] operand) {
    write(new WriteBatch().merge(key, operand));
  }

  /** Applies the batch in order, all or nothing. */
  @Override
  public void write(WriteBatch batch) {
    checkOpen();
    if (mergeFunction == null) {
      batch.forEach(new RefuseMerges());
    }
    if (rules != null) {
      rules.checkBatch(batch);
    }
    if (shared) {
      // A snapshot or an iterator holds the current map: leave it as it is.
      current = new TreeMap<>(current);
      shared = false;
    }
    apply(current, batch, mergeFunction);
    sequence += batch.count();
  }

  /**
   * Applies a valid batch to {@code state} in order, folding merges with {@code mergeFunction} (for
   * models built from the same steps, such as the recovery states of {@link RecoveryModel}).
   */
  static void apply(NavigableMap<byte[], byte[]> state, WriteBatch batch, MergeFunction mf) {
    batch.forEach(
        new WriteBatch.Handler() {
          @Override
          public void put(byte[] key, byte[] value) {
            state.put(key.clone(), value.clone());
          }

          @Override
          public void delete(byte[] key) {
            state.remove(key);
          }

          @Override
          public void deleteRange(byte[] begin, byte[] end) {
            state.subMap(begin, true, end, false).clear();
          }

          @Override
          public void merge(byte[] key, byte[] operand) {
            byte[] merged = mf.fullMerge(key, state.get(key), List.of(operand.clone()));
            state.put(key.clone(), merged);
          }
        });
  }

  @Override
  public byte[] get(ReadOptions options, byte[] key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    byte[] v = view(options.snapshot()).get(key);
    return v == null ? null : v.clone();
  }

  @Override
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    try {
      return CompletableFuture.completedFuture(get(ReadOptions.defaults(), key));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public List<byte[]> multiGet(List<byte[]> keys) {
    List<byte[]> values = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      values.add(get(ReadOptions.defaults(), k));
    }
    return values;
  }

  @Override
  public Snapshot snapshot() {
    checkOpen();
    Snapshot s = new Snapshot(sequence, snapshots::remove);
    snapshots.put(s, current);
    shared = true;
    return s;
  }

  @Override
  public DbIterator newIterator(ReadOptions options) {
    NavigableMap<byte[], byte[]> m = view(options.snapshot());
    if (m == current) {
      shared = true;
    }
    return new ModelIterator(m, options.lowerBound(), options.upperBound());
  }

  @Override
  public void flush() {
    checkOpen();
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) {
    checkOpen();
  }

  @Override
  public void reopen() {
    checkOpen();
    snapshots.clear();
  }

  @Override
  public void crash() {
    reopen();
  }

  @Override
  public boolean supportsCrash() {
    return true;
  }

  /** Records the current map as checkpoint {@code id} (maps are never changed once shared). */
  @Override
  public void checkpoint(long id) {
    checkOpen();
    if (checkpoints.containsKey(id)) {
      throw new IllegalArgumentException("checkpoint " + id + " already exists");
    }
    checkpoints.put(id, current);
    checkpointRules.put(id, rules);
    shared = true;
  }

  @Override
  public void discardCheckpoint(long id) {
    checkOpen();
    if (checkpoints.remove(id) == null) {
      throw new IllegalArgumentException("checkpoint " + id + " is not retained");
    }
    checkpointRules.remove(id);
  }

  @Override
  public void collectGarbage() {
    checkOpen();
  }

  @Override
  public void discardWhileClosed(long id) {
    discardCheckpoint(id);
    reopen();
  }

  /** The state goes back to checkpoint {@code id}; claiming changes nothing a read can see. */
  @Override
  public void restore(long id, boolean claim) {
    checkOpen();
    NavigableMap<byte[], byte[]> state = checkpoints.get(id);
    if (state == null) {
      throw new IllegalArgumentException("checkpoint " + id + " is not retained");
    }
    snapshots.clear();
    current = state;
    rules = checkpointRules.get(id);
    parked.clear();
    shared = true;
  }

  /** Empties the state and checks writes against all key groups of {@code maxParallelism}. */
  @Override
  public void declareKeyGroups(int maxParallelism) {
    checkOpen();
    KeyGroupRules declared = KeyGroupRules.all(maxParallelism);
    snapshots.clear();
    current = newMap();
    shared = false;
    rules = declared;
  }

  /** The parts set aside keep the state of their key groups; the store goes on with one part. */
  @Override
  public String rescaleSplit(long id, int parts, int keep) {
    checkOpen();
    if (rules == null) {
      throw new IllegalArgumentException("the store declares no key groups: no rescale");
    }
    KeyGroupRange keptRange = rules.part(parts, keep); // checks parts and keep
    checkpoint(id);
    StringBuilder out = new StringBuilder(Execution.OK);
    for (int i = 0; i < parts; i++) {
      if (i != keep) {
        KeyGroupRange r = rules.part(parts, i);
        NavigableMap<byte[], byte[]> part = restricted(current, rules.withRange(r));
        out.append(' ').append(StateDigest.of(r, part));
        parked.park(r, part);
        checkpoints.put(id + 1 + i, part); // as the engine keeps the part's checkpoint
        checkpointRules.put(id + 1 + i, rules.withRange(r));
      }
    }
    snapshots.clear();
    rules = rules.withRange(keptRange);
    current = restricted(current, rules);
    shared = false;
    return out.toString();
  }

  /** The state of the parked neighbour joins the current state. */
  @Override
  public String rescaleMerge(long id) {
    checkOpen();
    if (rules == null) {
      throw new IllegalArgumentException("the store declares no key groups: no rescale");
    }
    if (!parked.hasNeighbour(rules.range())) {
      return Execution.NO_NEIGHBOUR;
    }
    checkpoint(id);
    ParkedStores.Parked<NavigableMap<byte[], byte[]>> n = parked.takeNeighbour(rules.range());
    NavigableMap<byte[], byte[]> merged = newMap();
    merged.putAll(current);
    merged.putAll(n.store());
    snapshots.clear();
    rules = rules.withRange(ParkedStores.union(rules.range(), n.range()));
    current = merged;
    shared = false;
    return Execution.OK + " merged [" + rules.range().start() + ", " + rules.range().end() + "]";
  }

  private static NavigableMap<byte[], byte[]> restricted(
      NavigableMap<byte[], byte[]> state, KeyGroupRules r) {
    NavigableMap<byte[], byte[]> part = newMap();
    part.putAll(state.subMap(r.lowerBound(), true, r.upperBound(), false));
    return part;
  }

  @Override
  public boolean supportsCheckpoints() {
    return true;
  }

  /** The state checkpoint {@code id} holds (read-only), or null when it is not retained. */
  public NavigableMap<byte[], byte[]> checkpointState(long id) {
    NavigableMap<byte[], byte[]> m = checkpoints.get(id);
    return m == null ? null : Collections.unmodifiableNavigableMap(m);
  }

  @Override
  public void close() {
    closed = true;
    snapshots.clear();
  }

  /**
   * Makes {@code state} the current state, as after a recovery that found it on disk; snapshots are
   * gone, checkpoints stay.
   */
  void recoverTo(NavigableMap<byte[], byte[]> state) {
    checkOpen();
    snapshots.clear();
    current = newMap();
    current.putAll(state);
    shared = false;
  }

  /** The latest state (a read-only view; for users' own assertions). */
  public NavigableMap<byte[], byte[]> state() {
    shared = true;
    return Collections.unmodifiableNavigableMap(current);
  }

  /**
   * The map a read sees. Maps are never changed once replaced (writes build a new one), so the
   * latest map doubles as a stable iterator view.
   */
  private NavigableMap<byte[], byte[]> view(Snapshot snapshot) {
    checkOpen();
    if (snapshot == null) {
      return current;
    }
    if (snapshot.isClosed()) {
      throw new IllegalStateException("read through released " + snapshot);
    }
    NavigableMap<byte[], byte[]> m = snapshots.get(snapshot);
    if (m == null) {
      throw new IllegalArgumentException(snapshot + " was not taken from this store");
    }
    return m;
  }

  /** Fails a batch with a merge before any of it is applied, when there is no merge function. */
  private static final class RefuseMerges implements WriteBatch.Handler {
    @Override
    public void put(byte[] key, byte[] value) {}

    @Override
    public void delete(byte[] key) {}

    @Override
    public void deleteRange(byte[] begin, byte[] end) {}

    @Override
    public void merge(byte[] key, byte[] operand) {
      throw new IllegalStateException(
          "merge of " + ByteText.format(key) + " without a merge function");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model store is closed");
    }
  }
}
