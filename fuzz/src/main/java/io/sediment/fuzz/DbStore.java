package io.sediment.fuzz;

import io.sediment.fs.wrap.FaultInjectingFileSystem;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.Snapshot;
import io.sediment.lsm.WriteBatch;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import io.sediment.snapshot.RestoreMode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * {@link KvStore} over the engine: every call goes to an open {@link Db}; {@link #reopen()} closes
 * it and opens the same directory with the same options, {@link #crash()} abandons it without a
 * flush (its memtables are lost, as when the process dies) and opens the directory again. On a
 * fault-injecting file system ({@code faulty+...}) a crash also drops every byte the store wrote
 * but did not sync.
 *
 * <p>A crash keeps every acknowledged write only when each write is synced to the write-ahead log
 * before it returns, so {@link #supportsCrash()} is true exactly when the WAL is enabled; without
 * it, which writes a crash loses depends on background flush timing, which no model can predict.
 *
 * <p>With a checkpoint root ({@link #DbStore(DbOptions, String, Supplier)}), checkpoints go to a
 * {@link CheckpointStorage} there, and a restore opens the checkpoint with {@link Restore} in a
 * fresh directory from the given supplier; the store then lives there (a reopen or crash reopens
 * that directory). Every reopen is a plain {@link Db#open}, as a user's would be: discarding a
 * checkpoint must never delete a file the reopened store still reads.
 */
public final class DbStore implements KvStore {

  private final String checkpointRootUri;
  private final Supplier<DbOptions> restoreTargets;
  private DbOptions options;
  private Db db;
  private CheckpointStorage checkpoints;
  private final ParkedStores<Long> parked = new ParkedStores<>();

  /** Opens (or creates) the store of {@code options}, without checkpoint support. */
  public DbStore(DbOptions options) throws IOException {
    this(options, null, null);
  }

  /**
   * Opens (or creates) the store of {@code options}, with checkpoints under {@code
   * checkpointRootUri} (one {@link CheckpointStorage} per store, opened on first use).
   *
   * @param checkpointRootUri the checkpoint storage's root, or null for no checkpoint support
   * @param restoreTargets options of a new, empty directory for each restore (same settings as
   *     {@code options}, in particular the same merge function)
   * @throws IllegalArgumentException if exactly one of the two checkpoint arguments is null
   */
  public DbStore(DbOptions options, String checkpointRootUri, Supplier<DbOptions> restoreTargets)
      throws IOException {
    if ((checkpointRootUri == null) != (restoreTargets == null)) {
      throw new IllegalArgumentException(
          "a checkpoint root needs restore targets and vice versa: " + checkpointRootUri);
    }
    this.options = options;
    this.checkpointRootUri = checkpointRootUri;
    this.restoreTargets = restoreTargets;
    this.db = Db.open(options);
  }

  /**
   * The open engine.
   *
   * @throws IllegalStateException when there is none (the last restore failed)
   */
  public Db db() {
    if (db == null) {
      throw new IllegalStateException("no open store: the last restore failed");
    }
    return db;
  }

  /** The options of the store currently open (they change with each restore). */
  public DbOptions options() {
    return options;
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    db().put(key, value);
  }

  @Override
  public void delete(byte[] key) throws IOException {
    db().delete(key);
  }

  @Override
  public void deleteRange(byte[] beginInclusive, byte[] endExclusive) throws IOException {
    db().deleteRange(beginInclusive, endExclusive);
  }

  @Override
  public void merge(byte[] key, byte[] operand) throws IOException {
    db().merge(key, operand);
  }

  @Override
  public void write(WriteBatch batch) throws IOException {
    db().write(batch);
  }

  @Override
  public byte[] get(ReadOptions options, byte[] key) throws IOException {
    return options.snapshot() == null ? db().get(key) : db().get(options, key);
  }

  @Override
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    return db().getAsync(key);
  }

  @Override
  public List<byte[]> multiGet(List<byte[]> keys) throws IOException {
    return db().multiGet(keys);
  }

  @Override
  public Snapshot snapshot() {
    return db().snapshot();
  }

  @Override
  public DbIterator newIterator(ReadOptions options) throws IOException {
    return db().newIterator(options);
  }

  @Override
  public void flush() throws IOException {
    db().flush();
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) throws IOException {
    db().compactRange(begin, end);
  }

  @Override
  public void reopen() throws IOException {
    db().close();
    db = null;
    db = open(options);
  }

  @Override
  public void crash() throws IOException {
    if (!supportsCrash()) {
      throw new UnsupportedOperationException(
          "a crash without the write-ahead log loses an unpredictable set of writes: "
              + options.dirUri());
    }
    abandon();
    db = open(options);
  }

  /**
   * The process dies: on a fault-injecting file system everything not synced is dropped (and the
   * abandoned store's file system refuses all further work); the store is left without closing it
   * cleanly. Failures of the abandoned store's shutdown are expected and ignored: it is gone.
   */
  void abandon() {
    if (db == null) {
      return;
    }
    Db dying = db;
    db = null;
    StoreEngine engine = StoreEngine.of(dying);
    FileSystem fs = engine.fileSystem().hadoopFileSystem();
    try {
      if (fs instanceof FaultInjectingFileSystem faulty) {
        faulty.crash();
      }
    } catch (IOException e) {
      // The crash could not drop a never-synced file: it stays as garbage the store ignores.
    }
    try {
      engine.closeWithoutFlush();
    } catch (IOException | RuntimeException e) {
      // A dead process does not close anything; what the close managed to do is irrelevant.
    }
  }

  /**
   * Opens {@code o} after a reopen, crash or failure, the plain way: the checkpoint storage keeps
   * the files of discarded checkpoints the store still lists however it is reopened.
   */
  Db open(DbOptions o) throws IOException {
    return Db.open(o);
  }

  @Override
  public boolean supportsCrash() {
    return options.settings().walEnabled();
  }

  @Override
  public void checkpoint(long id) throws IOException {
    checkpointStorage().checkpoint(db(), id);
  }

  @Override
  public void discardCheckpoint(long id) throws IOException {
    checkpointStorage().discard(id);
  }

  @Override
  public void collectGarbage() throws IOException {
    checkpointStorage().collectGarbage();
  }

  @Override
  public void discardWhileClosed(long id) throws IOException {
    CheckpointStorage storage = checkpointStorage();
    db().close();
    db = null;
    storage.discard(id);
    storage.collectGarbage();
    db = Db.open(options);
  }

  @Override
  public void restore(long id, boolean claim) throws IOException {
    CheckpointHandle h = checkpointStorage().load(id);
    DbOptions target = restoreTargets.get();
    IOException closeFailure = null;
    if (db != null) {
      try {
        db.close();
      } catch (IOException e) {
        closeFailure = e;
      }
      db = null;
    }
    parked.clear();
    try {
      db = Restore.open(h, target, claim ? RestoreMode.CLAIM : RestoreMode.NO_CLAIM);
      options = target;
    } catch (IOException | RuntimeException e) {
      if (closeFailure != null) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
    if (closeFailure != null) {
      // The restore happened; the caller still learns that the abandoned store failed to close.
      throw closeFailure;
    }
  }

  @Override
  public void declareKeyGroups(int maxParallelism) throws IOException {
    DbOptions declared =
        options.toBuilder().keyGroups(KeyGroupRange.all(maxParallelism), maxParallelism).build();
    db().close();
    db = null;
    Db.destroy(options);
    options = declared;
    db = Db.open(options);
  }

  @Override
  public String rescaleSplit(long id, int parts, int keep) throws IOException {
    KeyGroupRules rules = rules();
    KeyGroupRange keptRange = rules.part(parts, keep); // checks parts and keep
    CheckpointHandle h = checkpointStorage().checkpoint(db(), id);
    StringBuilder out = new StringBuilder(Execution.OK);
    for (int i = 0; i < parts; i++) {
      if (i != keep) {
        KeyGroupRange r = rules.part(parts, i);
        try (Db part = Restore.open(List.of(h), r, target(r, rules))) {
          try (DbIterator it = part.newIterator()) {
            out.append(' ').append(StateDigest.of(r, it));
          }
          checkpointStorage().checkpoint(part, id + 1 + i);
        }
        parked.park(r, id + 1 + i);
      }
    }
    switchTo(List.of(h), keptRange, rules);
    return out.toString();
  }

  @Override
  public String rescaleMerge(long id) throws IOException {
    KeyGroupRules rules = rules();
    if (!parked.hasNeighbour(rules.range())) {
      return Execution.NO_NEIGHBOUR;
    }
    CheckpointHandle h = checkpointStorage().checkpoint(db(), id);
    ParkedStores.Parked<Long> n = parked.takeNeighbour(rules.range());
    CheckpointHandle neighbour = checkpointStorage().load(n.store());
    KeyGroupRange merged = ParkedStores.union(rules.range(), n.range());
    switchTo(List.of(h, neighbour), merged, rules);
    return Execution.OK + " merged [" + merged.start() + ", " + merged.end() + "]";
  }

  /** The current store's key-group rules. */
  private KeyGroupRules rules() {
    DbOptions effective = StoreEngine.of(db()).options();
    if (effective.keyGroups() == null) {
      throw new IllegalArgumentException(
          "the store in " + options.dirUri() + " declares no key groups: no rescale");
    }
    return new KeyGroupRules(effective.keyGroups(), effective.maxParallelism());
  }

  /** Options of a fresh store for the key groups {@code range}. */
  private DbOptions target(KeyGroupRange range, KeyGroupRules rules) {
    return restoreTargets.get().toBuilder().keyGroups(range, rules.maxParallelism()).build();
  }

  /** Closes the current store and goes on with one rescaled from {@code handles}. */
  private void switchTo(List<CheckpointHandle> handles, KeyGroupRange range, KeyGroupRules rules)
      throws IOException {
    DbOptions next = target(range, rules);
    db().close();
    db = null;
    db = Restore.open(handles, range, next);
    options = next;
  }

  @Override
  public boolean supportsCheckpoints() {
    return checkpointRootUri != null;
  }

  /**
   * The checkpoint storage, opened on first use.
   *
   * @throws UnsupportedOperationException without a checkpoint root
   */
  public CheckpointStorage checkpointStorage() throws IOException {
    if (checkpointRootUri == null) {
      throw new UnsupportedOperationException("no checkpoint root for " + options.dirUri());
    }
    if (checkpoints == null) {
      Configuration conf = options.hadoopConfiguration();
      checkpoints =
          CheckpointStorage.open(checkpointRootUri, conf == null ? new Configuration() : conf);
    }
    return checkpoints;
  }

  /**
   * Closes the checkpoint storage without closing the store, so that the next use opens it again
   * from what is on the file system (after a crash of its file system).
   */
  void dropCheckpointStorage() {
    if (checkpoints != null) {
      try {
        checkpoints.close();
      } catch (IOException e) {
        // Its file system is gone; a new storage reads the registry afresh.
      }
      checkpoints = null;
    }
  }

  /**
   * Opens the current directory again after {@link #abandon()} (recovery after a crash).
   *
   * @throws IllegalStateException if the store was not abandoned
   */
  void reopenAbandoned() throws IOException {
    if (db != null) {
      throw new IllegalStateException("the store is open: " + options.dirUri());
    }
    db = open(options);
  }

  /** Whether there is a current store (false after {@link #abandon()} or a failed restore). */
  boolean isOpen() {
    return db != null;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    if (db != null) {
      try {
        db.close();
      } catch (IOException e) {
        failure = e;
      }
      db = null;
    }
    if (checkpoints != null) {
      try {
        checkpoints.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
      checkpoints = null;
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "DbStore[" + options + "]";
  }
}
