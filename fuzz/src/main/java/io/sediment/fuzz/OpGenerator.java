package io.sediment.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes random operation logs from a seed: the same seed and {@link GeneratorConfig} always give
 * the same log, so a failure is reproduced by its seed alone.
 *
 * <p>The generator tracks the snapshots the log has taken, so reads at a snapshot name a live one
 * (and, at {@link GeneratorConfig#releasedSnapshotReadRate()}, a released one, to check that the
 * store refuses it); a reopen, crash or restore forgets all of them, as the runner does. It also
 * tracks retained checkpoints: a discard names a retained one, a restore one that no claim-mode
 * restore made unrestorable (see {@link KvStore#restore}).
 *
 * <p>Keyed logs ({@link GeneratorConfig#withKeyGroups}) start with {@code key-groups N}; the
 * generator then tracks the store's key groups as rescales and restores change them, and the parts
 * a split set aside, so a merge names a store that has a parked neighbour, and keys are made for
 * the current range (see {@link KeyedKeys}).
 */
public final class OpGenerator {

  private static final int MAX_BATCH = 8;
  private static final int MAX_MULTI_GET = 6;
  private static final int MAX_MOVES = 8;
  private static final int MAX_SCAN_LIMIT = 20;

  private final GeneratorConfig config;
  private final SplittableRandom random;
  private final KeyedKeys keys;
  private final ValueGenerator values;
  private final OpKind[] kinds = OpKind.values();
  private final List<Integer> liveSnapshots = new ArrayList<>();
  private final List<Integer> releasedSnapshots = new ArrayList<>();
  private final List<Long> retainedCheckpoints = new ArrayList<>();
  private final List<Long> restorableCheckpoints = new ArrayList<>();
  private final Map<Long, KeyGroupRules> checkpointRules = new HashMap<>();
  private final ParkedStores<Boolean> parked = new ParkedStores<>();
  private int nextSnapshotId = 1;
  private long nextCheckpointId = 1;
  private int index;

  /**
   * @throws IllegalArgumentException if every weight is 0
   */
  public OpGenerator(GeneratorConfig config, long seed) {
    if (config.totalWeight() <= 0) {
      throw new IllegalArgumentException("every op weight is 0: " + config);
    }
    this.config = config;
    this.random = new SplittableRandom(seed);
    KeyGenerator raw = new KeyGenerator(random.split(), config);
    int maxP = config.keyGroupMaxParallelism();
    this.keys =
        new KeyedKeys(raw, maxP == 0 ? null : KeyGroupRules.all(maxP), random.split(), config);
    this.values = new ValueGenerator(random.split(), config);
  }

  /** A log of {@code count} ops for {@code seed}. */
  public static List<Op> generate(GeneratorConfig config, long seed, int count) {
    OpGenerator g = new OpGenerator(config, seed);
    List<Op> log = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      log.add(g.next());
    }
    return log;
  }

  /** The next op. */
  public Op next() {
    if (index == 0 && config.keyGroupMaxParallelism() > 0) {
      index++;
      return new Op.DeclareKeyGroups(config.keyGroupMaxParallelism());
    }
    Op op = make(pickKind());
    index++;
    return op;
  }

  private OpKind pickKind() {
    int r = random.nextInt(config.totalWeight());
    for (OpKind k : kinds) {
      r -= config.weight(k);
      if (r < 0) {
        if (needsSnapshot(k) && liveSnapshots.isEmpty()) {
          return OpKind.SNAPSHOT;
        }
        if (((k == OpKind.DISCARD || k == OpKind.OFFLINE_DISCARD) && retainedCheckpoints.isEmpty())
            || (k == OpKind.RESTORE && restorableCheckpoints.isEmpty())) {
          return OpKind.CHECKPOINT;
        }
        if (k == OpKind.RESCALE
            && (keys.rules() == null
                || (keys.rules().range().size() < 2 && !parked.hasNeighbour(keys.range())))) {
          return OpKind.CHECKPOINT;
        }
        return k;
      }
    }
    throw new AssertionError("weights changed while picking");
  }

  private static boolean needsSnapshot(OpKind k) {
    return k == OpKind.SNAPSHOT_GET || k == OpKind.SNAPSHOT_SCAN || k == OpKind.RELEASE;
  }

  private Op make(OpKind kind) {
    switch (kind) {
      case PUT:
      case DELETE:
      case MERGE:
        return write(kind);
      case DELETE_RANGE:
        return deleteRange(random.nextDouble() < config.invalidRangeRate());
      case BATCH:
        {
          int n = 1 + random.nextInt(MAX_BATCH);
          List<Op.WriteOp> ops = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            ops.add(batchMember());
          }
          return new Op.Batch(ops);
        }
      case GET:
        return new Op.Get(keys.next(), Execution.LATEST);
      case MULTI_GET:
        {
          int n = 1 + random.nextInt(MAX_MULTI_GET);
          List<byte[]> ks = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            ks.add(keys.next());
          }
          return new Op.MultiGet(ks);
        }
      case GET_ASYNC:
        return new Op.GetAsync(keys.next());
      case SCAN:
        return scan(Execution.LATEST);
      case SEEK:
        return seek();
      case SNAPSHOT:
        {
          int id = nextSnapshotId++;
          liveSnapshots.add(id);
          return new Op.TakeSnapshot(id);
        }
      case SNAPSHOT_GET:
        return new Op.Get(keys.next(), readableSnapshot());
      case SNAPSHOT_SCAN:
        return scan(readableSnapshot());
      case RELEASE:
        {
          Integer id = liveSnapshots.remove(random.nextInt(liveSnapshots.size()));
          releasedSnapshots.add(id);
          return new Op.ReleaseSnapshot(id);
        }
      case FLUSH:
        return new Op.Flush();
      case COMPACT:
        {
          if (random.nextInt(3) == 0) {
            return new Op.CompactRange(null, null);
          }
          byte[][] p = keys.orderedPair();
          return new Op.CompactRange(
              random.nextInt(4) == 0 ? null : p[0], random.nextInt(4) == 0 ? null : p[1]);
        }
      case REOPEN:
        forgetSnapshots();
        return new Op.Reopen();
      case CRASH:
        forgetSnapshots();
        return new Op.Crash();
      case CHECKPOINT:
        {
          long id = nextCheckpointId++;
          retainedCheckpoints.add(id);
          restorableCheckpoints.add(id);
          checkpointRules.put(id, keys.rules());
          return new Op.Checkpoint(id);
        }
      case DISCARD:
        {
          Long id = retainedCheckpoints.remove(random.nextInt(retainedCheckpoints.size()));
          restorableCheckpoints.remove(id);
          return new Op.Discard(id);
        }
      case COLLECT:
        return new Op.Collect();
      case OFFLINE_DISCARD:
        {
          Long id = retainedCheckpoints.remove(random.nextInt(retainedCheckpoints.size()));
          restorableCheckpoints.remove(id);
          forgetSnapshots();
          return new Op.OfflineDiscard(id);
        }
      case RESTORE:
        {
          long id = restorableCheckpoints.get(random.nextInt(restorableCheckpoints.size()));
          boolean claim = random.nextDouble() < config.claimRate();
          forgetSnapshots();
          if (claim) {
            // The restored store may delete files every retained checkpoint shares with it.
            restorableCheckpoints.clear();
          }
          keys.setRules(checkpointRules.get(id));
          parked.clear();
          return new Op.Restore(id, claim);
        }
      case RESCALE:
        return rescale();
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * A merge when a parked store adjoins the current one (always when the current range cannot be
   * split), else a split into 2 to 4 parts.
   */
  private Op rescale() {
    KeyGroupRules rules = keys.rules();
    forgetSnapshots();
    if (parked.hasNeighbour(rules.range()) && (rules.range().size() < 2 || random.nextInt(5) < 2)) {
      long id = nextCheckpointId++;
      noteCheckpoint(id, rules);
      ParkedStores.Parked<Boolean> n = parked.takeNeighbour(rules.range());
      keys.setRules(rules.withRange(ParkedStores.union(rules.range(), n.range())));
      return new Op.RescaleMerge(id);
    }
    int parts = 2 + random.nextInt(Math.min(3, rules.range().size() - 1));
    int keep = random.nextInt(parts);
    long id = nextCheckpointId;
    nextCheckpointId += parts + 1; // the parts set aside are checkpointed as id + 1 + index
    noteCheckpoint(id, rules);
    for (int i = 0; i < parts; i++) {
      if (i != keep) {
        parked.park(rules.part(parts, i), Boolean.TRUE);
      }
    }
    keys.setRules(rules.withRange(rules.part(parts, keep)));
    return new Op.RescaleSplit(id, parts, keep);
  }

  private void noteCheckpoint(long id, KeyGroupRules rules) {
    retainedCheckpoints.add(id);
    restorableCheckpoints.add(id);
    checkpointRules.put(id, rules);
  }

  /** A write for a batch, the kinds weighted as for single writes (a put when all are 0). */
  private Op.WriteOp batchMember() {
    int put = config.weight(OpKind.PUT);
    int merge = config.weight(OpKind.MERGE);
    int delete = config.weight(OpKind.DELETE);
    int range = config.weight(OpKind.DELETE_RANGE);
    int total = put + merge + delete + range;
    if (total == 0) {
      return write(OpKind.PUT);
    }
    int r = random.nextInt(total);
    if (r < put) {
      return write(OpKind.PUT);
    }
    if (r < put + merge) {
      return write(OpKind.MERGE);
    }
    if (r < put + merge + delete) {
      return write(OpKind.DELETE);
    }
    return deleteRange(false);
  }

  private Op.WriteOp write(OpKind kind) {
    byte[] key = keys.next();
    switch (kind) {
      case PUT:
        return new Op.Put(key, values.next(index));
      case DELETE:
        return new Op.Delete(key);
      case MERGE:
        return new Op.Merge(key, values.next(index));
      default:
        throw new AssertionError(kind);
    }
  }

  private Op.WriteOp deleteRange(boolean invalid) {
    byte[] begin = keys.next();
    byte[] end = keys.after(begin);
    return invalid ? new Op.DeleteRange(end, begin) : new Op.DeleteRange(begin, end);
  }

  private Op scan(int snapshot) {
    byte[][] b = bounds();
    int limit = random.nextBoolean() ? 0 : 1 + random.nextInt(MAX_SCAN_LIMIT);
    return new Op.Scan(random.nextBoolean(), b[0], b[1], snapshot, limit);
  }

  private Op seek() {
    byte[][] b = bounds();
    int snapshot =
        !liveSnapshots.isEmpty() && random.nextInt(4) == 0
            ? liveSnapshots.get(random.nextInt(liveSnapshots.size()))
            : Execution.LATEST;
    StringBuilder moves = new StringBuilder();
    int n = random.nextInt(MAX_MOVES + 1);
    for (int i = 0; i < n; i++) {
      moves.append(random.nextInt(3) == 0 ? 'p' : 'n');
    }
    return new Op.Seek(random.nextBoolean(), keys.next(), b[0], b[1], snapshot, moves.toString());
  }

  /** Iterator bounds: each present in a third of the cases, lower never past upper. */
  private byte[][] bounds() {
    byte[][] p = keys.orderedPair();
    return new byte[][] {
      random.nextInt(3) == 0 ? p[0] : null, random.nextInt(3) == 0 ? p[1] : null
    };
  }

  private int readableSnapshot() {
    if (!releasedSnapshots.isEmpty() && random.nextDouble() < config.releasedSnapshotReadRate()) {
      return releasedSnapshots.get(random.nextInt(releasedSnapshots.size()));
    }
    return liveSnapshots.get(random.nextInt(liveSnapshots.size()));
  }

  private void forgetSnapshots() {
    liveSnapshots.clear();
    releasedSnapshots.clear();
  }
}
