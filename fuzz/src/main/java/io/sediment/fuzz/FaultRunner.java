package io.sediment.fuzz;

import io.sediment.fs.wrap.FsOp;
import io.sediment.fs.wrap.WrapperSchemes;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbSettings;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.WriteBatch;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import io.sediment.snapshot.RestoreMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Runs a log against the engine on a file system that fails random operations, and checks the
 * engine against a model that knows what a failure may and may not do.
 *
 * <p>The store lives on {@code faulty+<root>} under a {@link FaultController} seeded per run.
 * Before each op the {@link FaultPlan} decides whether failures are armed for it (and which
 * operation kinds fail, how often); background flushes and compactions meanwhile see the same
 * failures. The oracle:
 *
 * <ul>
 *   <li><b>Failures surface, answers are right.</b> An op either throws an {@link IOException}
 *       (only once a failure was injected since the last recovery) or observes exactly what the
 *       model observes for the acknowledged writes. A failed write is invisible to the store that
 *       refused it.
 *   <li><b>Recovery loses nothing durable and shows nothing half-done.</b> After a failure the
 *       runner may go on, or crash (every file system instance drops what was not synced) and
 *       reopen; a failed checkpoint, discard, restore or reopen always leads to recovery, and so
 *       does a {@code crash} op. The recovered store's whole state must be one the {@link
 *       RecoveryModel} accepts: everything up to the last durable point (a flush, a compaction, a
 *       checkpoint, a clean reopen, every acknowledged write with the write-ahead log), and each
 *       failed write either whole or not at all. Its retained checkpoints must be the model's, give
 *       or take those whose checkpoint or discard failed.
 *   <li><b>Retained checkpoints are intact.</b> At the end, every retained restorable checkpoint is
 *       restored into a fresh directory and must hold exactly the model's state of its moment.
 * </ul>
 *
 * <p>Recovery itself runs without failures (a store that cannot be reopened on a healthy file
 * system is a failure). Not thread-safe; one runner can run many logs.
 */
public final class FaultRunner {

  private final NamedSettings config;
  private final StorageRoot root;
  private final MergeFunction mergeFunction;
  private final FaultPlan plan;
  private final Totals totals = new Totals();

  /**
   * @param config the engine configuration under test
   * @param root a plain root (e.g. {@code file:///tmp/x}); the runner puts {@code faulty+} before
   *     its scheme
   * @param mergeFunction the merge function of the store and the model
   * @param plan how failures are injected
   */
  public FaultRunner(
      NamedSettings config, StorageRoot root, MergeFunction mergeFunction, FaultPlan plan) {
    this.config = config;
    this.root = root;
    this.mergeFunction = mergeFunction;
    this.plan = plan;
  }

  /** What the runs of this runner did, added up. */
  public static final class Totals {
    long ops;
    long injected;
    long surfaced;
    long recoveries;
    long statesChecked;
    long checkpointsVerified;

    /** Ops run on the engine. */
    public long ops() {
      return ops;
    }

    /** File-system failures injected. */
    public long injected() {
      return injected;
    }

    /** Ops that threw an I/O error to the caller. */
    public long surfaced() {
      return surfaced;
    }

    /** Crashes and recoveries, each followed by a check of the whole state. */
    public long recoveries() {
      return recoveries;
    }

    /** Acceptable states compared against recovered stores. */
    public long statesChecked() {
      return statesChecked;
    }

    /** Retained checkpoints restored and compared at the end of runs. */
    public long checkpointsVerified() {
      return checkpointsVerified;
    }

    @Override
    public String toString() {
      return ops
          + " ops, "
          + injected
          + " injected failures, "
          + surfaced
          + " failed ops, "
          + recoveries
          + " recoveries checked against "
          + statesChecked
          + " acceptable states, "
          + checkpointsVerified
          + " checkpoints restored and verified";
    }
  }

  /** The totals of every run so far. */
  public Totals totals() {
    return totals;
  }

  /** The configuration's name in reports. */
  public String name() {
    return config.name() + "@faulty+" + scheme(root.uri());
  }

  /** The engine settings of the stores under test. */
  public DbSettings settings() {
    return config.settings();
  }

  /**
   * Runs {@code log} with failures drawn from {@code seed}.
   *
   * @return the first violation of the oracle, or null when there is none
   * @throws IOException if the store cannot even be created
   */
  public Mismatch run(List<Op> log, long seed) throws IOException {
    return new Run(log, seed).run();
  }

  private static String scheme(String uri) {
    int colon = uri.indexOf(':');
    return colon < 0 ? "" : uri.substring(0, colon);
  }

  /** One run: the engine, the model and their bookkeeping. */
  private final class Run {
    private final List<Op> log;
    private final FaultController faults;
    private final SplittableRandom random;
    private final StorageRoot faultyRoot;
    private final ModelStore model = new ModelStore(mergeFunction);
    private final RecoveryModel recovery = new RecoveryModel(mergeFunction);
    private final Execution mx = new Execution(model);
    private final Set<Long> maybeTaken = new HashSet<>();
    private final Set<Long> maybeDiscarded = new HashSet<>();
    private DbStore store;
    private Execution ex;
    private long injectedAtRecovery;

    Run(List<Op> log, long seed) {
      this.log = log;
      this.faults = new FaultController(seed);
      this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
      // A directory of its own per run: the faulty root's names restart with every run.
      String runDir = root.newDirUri(config.name() + "-faults");
      URI faulty = WrapperSchemes.wrap(WrapperSchemes.FAULTY, URI.create(runDir + "/"));
      this.faultyRoot = new StorageRoot(faulty.toString(), faults.configuration(root.conf()));
    }

    Mismatch run() throws IOException {
      store =
          new DbStore(
              config.options(faultyRoot.newDirUri(config.name()), faultyRoot, mergeFunction),
              faultyRoot.newDirUri(config.name() + "-checkpoints"),
              () ->
                  config.options(
                      faultyRoot.newDirUri(config.name() + "-restored"),
                      faultyRoot,
                      mergeFunction));
      ex = new Execution(store);
      try {
        for (int i = 0; i < log.size(); i++) {
          Mismatch m = step(i, log.get(i));
          if (m != null) {
            return m;
          }
        }
        return finish();
      } finally {
        faults.disarm();
        totals.injected += faults.injectedTotal();
        ex.releaseSnapshots();
        mx.releaseSnapshots();
        try {
          store.close();
        } catch (IOException | RuntimeException e) {
          // A store left failed by the last injected failure may not close cleanly.
        }
      }
    }

    private Mismatch step(int i, Op op) {
      totals.ops++;
      if (op instanceof Op.Crash) {
        return recover(i, op);
      }
      if (random.nextDouble() < plan.armRate()) {
        faults.arm(randomKinds(), probability());
      }
      String actual;
      Throwable thrown = null;
      try {
        actual = op.execute(ex);
      } catch (Exception e) {
        thrown = unwrap(e);
        actual = "error " + thrown.getClass().getSimpleName();
      } finally {
        faults.disarm();
      }
      if (thrown instanceof IOException io) {
        if (faults.injectedTotal() == injectedAtRecovery) {
          return new Mismatch(
              name(), i, op.text(), "no I/O error (none was injected)", actual, String.valueOf(io));
        }
        totals.surfaced++;
        return failed(i, op);
      }
      String expected;
      try {
        expected = op.execute(mx);
      } catch (Exception e) {
        expected = "error " + unwrap(e).getClass().getSimpleName();
      }
      if (!expected.equals(actual)) {
        return new Mismatch(
            name(), i, op.text(), expected, actual, thrown == null ? null : thrown.toString());
      }
      if (thrown == null) {
        succeeded(op, actual);
      }
      return null;
    }

    /** Bookkeeping of an op that did what the model did. */
    private void succeeded(Op op, String observation) {
      WriteBatch batch = batchOf(op);
      if (batch != null) {
        recovery.acknowledged(batch);
        if (store.options().settings().walEnabled()) {
          recovery.durable();
        }
      } else if (op instanceof Op.Flush
          || op instanceof Op.CompactRange
          || op instanceof Op.Checkpoint
          || op instanceof Op.Reopen
          || op instanceof Op.OfflineDiscard) {
        recovery.durable();
      } else if (op instanceof Op.Restore && observation.equals(Execution.OK)) {
        recovery.reset(model.state());
      }
    }

    /** Bookkeeping of an op that threw an I/O error, and recovery when it is due. */
    private Mismatch failed(int i, Op op) {
      WriteBatch batch = batchOf(op);
      boolean mustRecover =
          op instanceof Op.Checkpoint
              || op instanceof Op.Discard
              || op instanceof Op.Restore
              || op instanceof Op.Reopen
              || op instanceof Op.Collect
              || op instanceof Op.OfflineDiscard;
      if (batch != null) {
        recovery.maybe(batch);
      } else if (op instanceof Op.Checkpoint c) {
        // Perhaps retained after all: the model keeps its state until recovery tells.
        try {
          op.execute(mx);
          maybeTaken.add(c.id());
        } catch (Exception e) {
          return new Mismatch(
              name(),
              i,
              op.text(),
              "error " + unwrap(e).getClass().getSimpleName(),
              "IOException",
              e.toString());
        }
      } else if (op instanceof Op.Discard d) {
        maybeDiscarded.add(d.id());
      } else if (op instanceof Op.OfflineDiscard d) {
        maybeDiscarded.add(d.id());
      } else if (!mustRecover && !(op instanceof Op.Flush || op instanceof Op.CompactRange)) {
        return null; // a read: nothing changed, the store must simply go on working
      }
      if (mustRecover
          || recovery.maybeCount() >= plan.maxMaybeWrites()
          || random.nextDouble() < plan.recoverRate()) {
        return recover(i, op);
      }
      return null;
    }

    /**
     * The process dies: every file system drops what was not synced, the store is abandoned and
     * opened again without failures; its state and its checkpoints must be acceptable.
     */
    private Mismatch recover(int i, Op op) {
      totals.recoveries++;
      faults.crash();
      store.abandon();
      store.dropCheckpointStorage();
      ex.forgetSnapshots();
      mx.forgetSnapshots();
      injectedAtRecovery = faults.injectedTotal();
      try {
        Mismatch m = reconcileCheckpoints(i, op);
        if (m != null) {
          return m;
        }
        if (op instanceof Op.Restore r) {
          // A restore that failed is tried again; the store then holds the checkpoint's state.
          String again = r.execute(ex);
          String expected = r.execute(mx);
          if (!again.equals(expected)) {
            return new Mismatch(name(), i, op.text() + " (again)", expected, again, null);
          }
          recovery.reset(model.state());
          return null;
        }
        store.reopenAbandoned();
      } catch (Exception e) {
        return new Mismatch(
            name(),
            i,
            op.text() + " (recovery)",
            "a store that opens after the crash",
            "error " + unwrap(e).getClass().getSimpleName(),
            e.toString());
      }
      NavigableMap<byte[], byte[]> found;
      try {
        found = scan(store.db());
      } catch (Exception e) {
        return new Mismatch(
            name(),
            i,
            op.text() + " (recovery)",
            "a readable recovered store",
            "error " + unwrap(e).getClass().getSimpleName(),
            e.toString());
      }
      List<NavigableMap<byte[], byte[]>> acceptable =
          recovery.acceptableStates(!store.options().settings().walEnabled());
      totals.statesChecked += acceptable.size();
      for (NavigableMap<byte[], byte[]> s : acceptable) {
        if (RecoveryModel.sameState(s, found)) {
          model.recoverTo(found);
          recovery.reset(found);
          return null;
        }
      }
      NavigableMap<byte[], byte[]> closest = acceptable.get(acceptable.size() - 1);
      return new Mismatch(
          name(),
          i,
          op.text() + " (recovery)",
          "one of " + acceptable.size() + " acceptable states",
          "another state: " + RecoveryModel.firstDifference(closest, found),
          "recovered " + found.size() + " keys; the latest acceptable state has " + closest.size());
    }

    /** Brings the model's retained checkpoints in line with the storage's, within the rules. */
    private Mismatch reconcileCheckpoints(int i, Op op) throws IOException {
      List<Long> listed = store.checkpointStorage().checkpoints();
      for (long id : listed) {
        if (!mx.isRetained(id)) {
          return new Mismatch(
              name(),
              i,
              op.text() + " (recovery)",
              "checkpoint " + id + " not retained",
              "checkpoint " + id + " retained",
              "retained: " + listed);
        }
        if (maybeTaken.contains(id)) {
          ex.checkpointTaken(id);
        }
      }
      for (long id : retainedIds()) {
        if (!listed.contains(id)) {
          if (!maybeTaken.contains(id) && !maybeDiscarded.contains(id)) {
            return new Mismatch(
                name(),
                i,
                op.text() + " (recovery)",
                "checkpoint " + id + " retained",
                "checkpoint " + id + " lost",
                "retained: " + listed);
          }
          model.discardCheckpoint(id);
          mx.checkpointDiscarded(id);
          ex.checkpointDiscarded(id);
        }
      }
      maybeTaken.clear();
      maybeDiscarded.clear();
      return null;
    }

    private List<Long> retainedIds() {
      List<Long> ids = new ArrayList<>();
      for (long id = 0; id <= maxCheckpointId(); id++) {
        if (mx.isRetained(id)) {
          ids.add(id);
        }
      }
      return ids;
    }

    private long maxCheckpointId() {
      long max = -1;
      for (Op o : log) {
        if (o instanceof Op.Checkpoint c) {
          max = Math.max(max, c.id());
        }
      }
      return max;
    }

    /**
     * The end of the run: the live store must equal the model, a last crash must recover an
     * acceptable state, and every retained restorable checkpoint must restore to its state.
     */
    private Mismatch finish() {
      int end = log.size();
      try {
        NavigableMap<byte[], byte[]> live = scan(store.db());
        if (!RecoveryModel.sameState(model.state(), live)) {
          return new Mismatch(
              name(),
              end,
              "final scan",
              "the model's state",
              RecoveryModel.firstDifference(model.state(), live),
              null);
        }
      } catch (Exception e) {
        return new Mismatch(
            name(),
            end,
            "final scan",
            "the model's state",
            "error " + unwrap(e).getClass().getSimpleName(),
            e.toString());
      }
      Mismatch m = recover(end, new Op.Crash());
      if (m != null) {
        return m;
      }
      for (long id : retainedIds()) {
        if (!mx.isRestorable(id)) {
          continue;
        }
        m = verifyCheckpoint(end, id);
        if (m != null) {
          return m;
        }
      }
      return null;
    }

    private Mismatch verifyCheckpoint(int end, long id) {
      try {
        CheckpointStorage storage = store.checkpointStorage();
        try (Db restored =
            Restore.open(
                storage.load(id),
                config.options(
                    faultyRoot.newDirUri(config.name() + "-verify"), faultyRoot, mergeFunction),
                RestoreMode.NO_CLAIM)) {
          NavigableMap<byte[], byte[]> found = scan(restored);
          NavigableMap<byte[], byte[]> expected = model.checkpointState(id);
          totals.checkpointsVerified++;
          if (!RecoveryModel.sameState(expected, found)) {
            return new Mismatch(
                name(),
                end,
                "restore " + id + " (verify)",
                "the state at checkpoint " + id,
                RecoveryModel.firstDifference(expected, found),
                null);
          }
        }
        return null;
      } catch (Exception e) {
        return new Mismatch(
            name(),
            end,
            "restore " + id + " (verify)",
            "the state at checkpoint " + id,
            "error " + unwrap(e).getClass().getSimpleName(),
            e.toString());
      }
    }

    /** Each kind of operation with even odds, at least one. */
    private Set<FsOp> randomKinds() {
      FsOp[] all = FsOp.values();
      Set<FsOp> kinds = EnumSet.noneOf(FsOp.class);
      for (FsOp op : all) {
        if (random.nextBoolean()) {
          kinds.add(op);
        }
      }
      if (kinds.isEmpty()) {
        kinds.add(all[random.nextInt(all.length)]);
      }
      return kinds;
    }

    private double probability() {
      return plan.minProbability()
          + random.nextDouble() * (plan.maxProbability() - plan.minProbability());
    }
  }

  /** Every key and value of the store's latest state. */
  static NavigableMap<byte[], byte[]> scan(Db db) throws IOException {
    NavigableMap<byte[], byte[]> state = ModelStore.newMap();
    try (DbIterator it = db.newIterator(ReadOptions.defaults())) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        state.put(it.key(), it.value());
      }
    }
    return state;
  }

  /** The batch a write op applies, or null for other ops. */
  static WriteBatch batchOf(Op op) {
    if (op instanceof Op.WriteOp w) {
      WriteBatch b = new WriteBatch();
      w.addTo(b);
      return b;
    }
    if (op instanceof Op.Batch batch) {
      WriteBatch b = new WriteBatch();
      batch.ops().forEach(o -> o.addTo(b));
      return b;
    }
    return null;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException
            || t instanceof ExecutionException
            || t instanceof UncheckedIOException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
