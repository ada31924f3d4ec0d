package io.sediment.lsm.internal.db;

import io.sediment.lsm.WriteBatch;
import io.sediment.lsm.internal.Sizes;
import io.sediment.lsm.internal.ValueType;
import io.sediment.lsm.internal.batch.BatchFormat;
import io.sediment.lsm.internal.batch.MemTableInserter;
import io.sediment.lsm.internal.keygroup.KeyGroupDeclaration;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.wal.LogWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path: one writer at a time (a fair lock) assigns consecutive sequence numbers to a
 * batch, appends it to the write-ahead log and syncs (when the log is on), inserts it into the
 * active memtable and only then publishes its last sequence number to readers, so a batch becomes
 * visible all at once.
 *
 * <p>Before each write the active memtable is switched when full; writes stall (block, never fail)
 * while too many memtables wait for flush or level 0 holds too many files, and the stall time is
 * counted. A failure of the log stops all later writes until the store is reopened.
 *
 * <p>In a store that declares key groups, every key of a write is checked against the declaration
 * before anything is applied (a batch as a whole), see {@link KeyGroupDeclaration}.
 */
final class WritePath {

  private static final Logger LOG = LoggerFactory.getLogger(WritePath.class);

  private final DbImpl db;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final KeyGroupDeclaration keyGroups; // null: keys are not checked
  private LogWriter log; // guarded by writeLock

  WritePath(DbImpl db, LogWriter initialLog) {
    this.db = db;
    this.keyGroups = KeyGroupDeclaration.of(db.options);
    this.log = initialLog;
  }

  /** Applies {@code batch} atomically. */
  void write(WriteBatch batch) throws IOException {
    if (batch.count() == 0) {
      db.checkOpen();
      return;
    }
    if (db.mergeFunction == null) {
      rejectMerges(batch);
    }
    if (keyGroups != null) {
      keyGroups.checkBatch(batch);
    }
    writeLock.lock();
    try {
      db.checkOpen();
      makeRoom(false);
      long first = db.visibleSequence.get() + 1;
      if (log != null) {
        byte[] encoded = batch.encode();
        byte[] payload =
            ByteBuffer.allocate(8 + encoded.length).putLong(first).put(encoded).array();
        try {
          log.addRecord(payload);
          log.sync();
        } catch (IOException e) {
          throw logFailed(e);
        }
      }
      long last = MemTableInserter.insert(batch, db.mems.active(), first);
      publish(last, batch.approximateSizeInBytes());
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Applies one put, delete or merge. The same as a batch of one, but without building and walking
   * a batch: the memtable copies key and value into its entry once. With the log on, the entry is
   * logged as a batch of one, so recovery sees no difference.
   */
  void writeSingle(ValueType type, byte[] key, byte[] value) throws IOException {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    if (type != ValueType.DELETE && value == null) {
      throw new IllegalArgumentException(
          (type == ValueType.MERGE ? "operand" : "value") + " must not be null");
    }
    if (type == ValueType.MERGE && db.mergeFunction == null) {
      throw new IllegalStateException(
          "merge needs a merge function; open the store with DbOptions.mergeFunction");
    }
    if (keyGroups != null) {
      keyGroups.checkKey(key);
    }
    if (log != null) {
      WriteBatch batch = new WriteBatch();
      switch (type) {
        case PUT -> batch.put(key, value);
        case DELETE -> batch.delete(key);
        case MERGE -> batch.merge(key, value);
        default -> throw new IllegalArgumentException("not a single-key write: " + type);
      }
      write(batch);
      return;
    }
    writeLock.lock();
    try {
      db.checkOpen();
      makeRoom(false);
      long sequence = db.visibleSequence.get() + 1;
      db.mems.active().add(sequence, type, key, value);
      publish(sequence, BatchFormat.singleRecordBatchBytes(key, value));
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Makes writes up to {@code lastSequence} visible and counts their bytes. Caller holds the write
   * lock, so these counters have one writer at a time: release stores suffice (a reader's volatile
   * load of the sequence then sees the memtable entries written before it), and they spare every
   * write the full fences of a volatile store and an atomic add.
   */
  private void publish(long lastSequence, long bytes) {
    db.counters.userBytesWritten.setRelease(db.counters.userBytesWritten.get() + bytes);
    db.visibleSequence.setRelease(lastSequence);
  }

  private static void rejectMerges(WriteBatch batch) {
    batch.forEach(
        new WriteBatch.Handler() {
          @Override
          public void put(byte[] key, byte[] value) {}

          @Override
          public void delete(byte[] key) {}

          @Override
          public void deleteRange(byte[] begin, byte[] end) {}

          @Override
          public void merge(byte[] key, byte[] operand) {
            throw new IllegalStateException(
                "merge needs a merge function; open the store with DbOptions.mergeFunction");
          }
        });
  }

  /**
   * Switches the active memtable if it is full ({@code force}: if it holds anything), stalling
   * while the flush and compaction backlog is over its limits. Caller holds the write lock.
   */
  private void makeRoom(boolean force) throws IOException {
    // Common case without the mutex: only writers (serialized by the write lock) switch the active
    // memtable, so a memtable with room stays the active one until this write is in.
    if (!force && db.mems.active().approximateBytes() < db.options.settings().memtableBytes()) {
      db.checkBackgroundError();
      return;
    }
    String stalledBy = null;
    long stallStart = 0;
    boolean scheduled = false;
    db.mutex.lock();
    try {
      while (true) {
        db.checkOpen();
        MemTables m = db.mems;
        boolean full =
            force
                ? MemTables.hasData(m.active())
                : m.active().approximateBytes() >= db.options.settings().memtableBytes();
        if (force && !full) {
          return; // nothing to switch: a flush has nothing new to write
        }
        db.checkBackgroundError();
        if (!full) {
          return;
        }
        int waiting = m.immutables().size();
        int l0Files = db.versions.current().fileCount(0);
        if (waiting >= db.options.settings().maxImmutableMemtables()
            || l0Files >= db.options.settings().l0StopWritesTrigger()) {
          if (!scheduled) {
            // Only a finished flush or compaction wakes this wait, and jobs are picked only after
            // those: a store opened with level 0 at the stop trigger (a rescale lists the level-0
            // files of every source) has neither running, and would wait forever. So make sure
            // the jobs that drain level 0 are running before waiting, then look again.
            scheduled = true;
            db.compactions.maybeSchedule();
            continue;
          }
          long start = db.options.nanoClock().getAsLong();
          if (stalledBy == null) {
            stallStart = start;
            stalledBy =
                waiting >= db.options.settings().maxImmutableMemtables()
                    ? waiting
                        + " memtables wait for flush (limit "
                        + db.options.settings().maxImmutableMemtables()
                        + ")"
                    : l0Files
                        + " level-0 files (stop trigger "
                        + db.options.settings().l0StopWritesTrigger()
                        + ")";
            LOG.warn("write stall begins in {}: {}", db.options.dirUri(), stalledBy);
          }
          db.changed.awaitUninterruptibly();
          db.counters.stallNanos.addAndGet(db.options.nanoClock().getAsLong() - start);
          continue;
        }
        switchMemtable();
        return;
      }
    } finally {
      db.mutex.unlock();
      if (stalledBy != null) {
        LOG.warn(
            "write stall ends in {} after {} ms (began with {})",
            db.options.dirUri(),
            Sizes.millis(stallStart, db.options.nanoClock().getAsLong()),
            stalledBy);
      }
    }
  }

  /**
   * A failed append, sync or close of the write-ahead log stops every later write: the failed
   * record may still reach the log (bytes handed to the file system before the failure can become
   * durable with a later sync or close), and a later write would reuse its sequence numbers, so
   * recovery could apply both, in either order. Refusing writes until the store is reopened (which
   * recovers from what the log holds) keeps the failed write at most whole and in its place.
   */
  private IOException logFailed(IOException e) {
    IOException failure =
        new IOException(
            "write-ahead log of " + db.options.dirUri() + " failed: " + e.getMessage(), e);
    db.failBackground(failure);
    return failure;
  }

  /** Caller holds the write lock and the mutex. */
  private void switchMemtable() throws IOException {
    long logNumber = 0;
    LogWriter next = null;
    if (log != null) {
      logNumber = db.versions.newFileNumber();
      next = db.createLog(logNumber);
      try {
        log.close();
      } catch (IOException e) {
        closeQuietly(next);
        throw logFailed(e);
      }
    }
    log = next;
    db.mems = db.mems.switchTo(new MemTable(), logNumber);
    db.scheduleFlush();
  }

  private static void closeQuietly(LogWriter unused) {
    try {
      unused.close();
    } catch (IOException ignored) {
      // A new log that never received a record: recovery finds nothing in it.
    }
  }

  /**
   * Freezes the active memtable if it holds anything and returns the memtables to wait for: every
   * immutable one present after the switch.
   */
  MemTables switchForFlush() throws IOException {
    writeLock.lock();
    try {
      db.checkOpen();
      makeRoom(true);
      return db.mems;
    } finally {
      writeLock.unlock();
    }
  }

  /** Waits for writers in progress and stops the log; no write succeeds afterwards. */
  void close() throws IOException {
    writeLock.lock();
    try {
      if (log != null) {
        log.close();
        log = null;
      }
    } finally {
      writeLock.unlock();
    }
  }
}
