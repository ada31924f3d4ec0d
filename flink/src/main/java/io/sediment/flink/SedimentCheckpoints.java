package io.sediment.flink;

import io.sediment.lsm.Db;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.CheckpointStorage;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one backend instance, in its own {@link CheckpointStorage} (one root per
 * instance, so the instance is the root's only writer). A checkpoint references the store's files
 * in place; the storage decides which files a discard may delete (none that a retained checkpoint,
 * a live store or a restored store's lease still needs).
 *
 * <p>Lifecycle: a checkpoint is discarded when Flink reports it (or a later one) subsumed, or
 * reports it aborted. Savepoints are never discarded here (they belong to the user). A restored
 * instance first takes a <em>base</em> checkpoint ({@link #BASE_ID}) that is never discarded: it
 * lists the files the store was restored from, which belong to another storage, so that no discard
 * here ever deletes them (their own storage, or the user who owns a retained checkpoint, does).
 */
final class SedimentCheckpoints implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(SedimentCheckpoints.class);

  /** Id of the base checkpoint of a restored instance; Flink's checkpoint ids start at 1. */
  static final long BASE_ID = 0;

  private final CheckpointStorage storage;
  private final String root;
  private final NavigableSet<Long> discardable = new TreeSet<>();

  private SedimentCheckpoints(CheckpointStorage storage, String root) {
    this.storage = storage;
    this.root = root;
  }

  /**
   * Opens the instance's storage at {@code root}.
   *
   * @throws IOException naming the root if it cannot be created or read
   */
  static SedimentCheckpoints open(String root, Configuration conf) throws IOException {
    return new SedimentCheckpoints(CheckpointStorage.open(root, conf), root);
  }

  String root() {
    return root;
  }

  /** Takes the base checkpoint of a restored store: its restored files stay out of discards. */
  void protectRestoredFiles(Db db) throws IOException {
    storage.checkpoint(db, BASE_ID);
  }

  /**
   * Takes checkpoint {@code id} of {@code db}: flushes and references the files. Holds every write
   * that returned before the call.
   *
   * @throws IOException if the flush or the metadata failed
   */
  synchronized CheckpointHandle checkpoint(Db db, long id, boolean savepoint) throws IOException {
    CheckpointHandle h = storage.checkpoint(db, id);
    if (!savepoint) {
      discardable.add(id);
    }
    return h;
  }

  /** Discards this instance's checkpoints up to {@code id} inclusive (Flink subsumed them). */
  synchronized void subsumed(long id) {
    Iterator<Long> it = discardable.headSet(id, true).iterator();
    while (it.hasNext()) {
      long c = it.next();
      discardQuietly(c);
      it.remove();
    }
  }

  /** Discards checkpoint {@code id} if this instance took it (Flink aborted it). */
  synchronized void aborted(long id) {
    if (discardable.remove(id)) {
      discardQuietly(id);
    }
  }

  private void discardQuietly(long id) {
    try {
      storage.discard(id);
    } catch (IOException | RuntimeException e) {
      // The files stay (nothing of a retained checkpoint is ever lost): collectGarbage on the
      // root removes them later.
      LOG.warn("could not discard Sediment checkpoint {} in {}", id, root, e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    storage.close();
  }
}
