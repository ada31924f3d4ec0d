package io.sediment.fuzz;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of one run of a log against one store: the store and the snapshots the log created, by
 * the number the log gave them. {@link Op#execute} reads and changes it.
 *
 * <p>Snapshot numbers are resolved by the runner, not the store, so that a log stays meaningful
 * after the shrinker removed ops: a read at a number that was never created, or whose snapshot was
 * lost to a reopen or crash, observes {@link #NO_SNAPSHOT} without touching the store. A released
 * snapshot stays known: reads through it go to the store, which must refuse them with {@link
 * IllegalStateException}.
 *
 * <p>Checkpoint ids are resolved the same way: a discard or restore of an id that is not retained
 * in this run observes {@link #NO_CHECKPOINT}, and a restore of one that a claim-mode restore made
 * unrestorable observes {@link #CLAIMED}, both without touching the store.
 */
public final class Execution {

  /** Observation of a read at a snapshot number that does not exist in this run. */
  public static final String NO_SNAPSHOT = "no-snapshot";

  /** Observation of a discard or restore of a checkpoint that is not retained in this run. */
  public static final String NO_CHECKPOINT = "no-checkpoint";

  /**
   * Observation of a restore of a checkpoint that was retained when another one was restored in
   * claim mode: its files may belong to that restored store now, so it must not be restored.
   */
  public static final String CLAIMED = "claimed";

  /** Observation of an operation that succeeded without a value to show. */
  public static final String OK = "ok";

  /** Observed by a rescale merge when no parked store adjoins the current one. */
  public static final String NO_NEIGHBOUR = "no-neighbour";

  /** Snapshot number meaning "the latest state" in ops that read. */
  public static final int LATEST = -1;

  private final KvStore store;
  private final Map<Integer, Snapshot> snapshots = new HashMap<>();

  /** Retained checkpoints by id: true while restorable, false once a claim-mode restore ran. */
  private final Map<Long, Boolean> checkpoints = new HashMap<>();

  public Execution(KvStore store) {
    this.store = store;
  }

  public KvStore store() {
    return store;
  }

  /** Records the snapshot the log calls {@code id}, releasing one it replaces. */
  public void putSnapshot(int id, Snapshot snapshot) {
    Snapshot old = snapshots.put(id, snapshot);
    if (old != null) {
      old.close();
    }
  }

  /** Whether reads at {@code id} can run: the latest state, or a snapshot of this store's life. */
  public boolean hasSnapshot(int id) {
    return id == LATEST || snapshots.containsKey(id);
  }

  /** The snapshot the log calls {@code id} (possibly released), or null when unknown. */
  public Snapshot snapshot(int id) {
    return snapshots.get(id);
  }

  /**
   * Read options at {@code id} with the given bounds; {@code id} must pass {@link #hasSnapshot}.
   */
  public ReadOptions readOptions(int id, byte[] lower, byte[] upper) {
    ReadOptions o = ReadOptions.defaults();
    if (id != LATEST) {
      o = o.snapshot(snapshots.get(id));
    }
    return o.lowerBound(lower).upperBound(upper);
  }

  /** Forgets every snapshot: the store was reopened and they belong to its previous life. */
  public void forgetSnapshots() {
    snapshots.clear();
  }

  /** Releases every snapshot; used when the run ends. */
  public void releaseSnapshots() {
    snapshots.values().forEach(Snapshot::close);
    snapshots.clear();
  }

  /** Records that checkpoint {@code id} was taken (and is retained, restorable). */
  public void checkpointTaken(long id) {
    checkpoints.put(id, true);
  }

  /** Records that checkpoint {@code id} was discarded. */
  public void checkpointDiscarded(long id) {
    checkpoints.remove(id);
  }

  /** Whether checkpoint {@code id} is retained in this run (restorable or not). */
  public boolean isRetained(long id) {
    return checkpoints.containsKey(id);
  }

  /** Whether checkpoint {@code id} is retained and no claim-mode restore ran since it was taken. */
  public boolean isRestorable(long id) {
    return checkpoints.getOrDefault(id, false);
  }

  /**
   * Records a claim-mode restore: every checkpoint retained now may share files with the claimed
   * one, which the restored store deletes as it compacts, so none of them may be restored again.
   */
  public void claimed() {
    checkpoints.replaceAll((id, restorable) -> false);
  }

  /** "key=value" of the iterator's position, or "invalid". */
  static String position(DbIterator it) {
    return it.isValid()
        ? ByteText.summarize(it.key()) + "=" + ByteText.summarize(it.value())
        : "invalid";
  }
}
