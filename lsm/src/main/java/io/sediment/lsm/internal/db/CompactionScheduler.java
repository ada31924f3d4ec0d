package io.sediment.lsm.internal.db;

import io.sediment.lsm.CompactionPicker;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.internal.compaction.CompactionJobSpec;
import io.sediment.lsm.internal.compaction.LeveledCompactionPicker;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Decides when compactions run and installs their results. At most one compaction runs at a time
 * (automatic or manual), so jobs never compete for inputs and the picker need not track jobs in
 * flight. Automatic jobs are picked after every flush and compaction; a job's version is pinned
 * while it runs, and its edit replaces exactly its inputs with its outputs through the manifest. A
 * failed job leaves its inputs in place and stops writes with the error; its outputs are deleted,
 * unless publishing them failed (a manifest naming them may then be durable all the same).
 *
 * <p>The flags are guarded by the store's mutex; waiters use its condition.
 */
final class CompactionScheduler {

  private final DbImpl db;
  private final CompactionService compactionService;
  private final boolean ownsCompactionService;
  private final CompactionPicker picker;
  private final LeveledCompactionPicker manualPicker;

  // Guarded by db.mutex.
  private boolean compactionRunning;
  private boolean manualCompactionRunning;

  CompactionScheduler(DbImpl db) {
    this.db = db;
    this.ownsCompactionService = db.options.compactionService() == null;
    this.compactionService =
        ownsCompactionService
            ? CompactionService.localThreadPool(1)
            : db.options.compactionService();
    this.manualPicker =
        new LeveledCompactionPicker(
            db.options.l0CompactionTrigger(),
            db.options.maxBytesForLevelBase(),
            10,
            db.options.targetFileSizeBytes());
    this.picker =
        db.options.compactionPicker() != null ? db.options.compactionPicker() : manualPicker;
  }

  /** Starts the job the picker proposes, unless one is running or the store is closing. */
  void maybeSchedule() {
    CompactionJob job;
    Version pinned;
    db.mutex.lock();
    try {
      if (db.isClosed()
          || compactionRunning
          || manualCompactionRunning
          || db.hasBackgroundError()) {
        return;
      }
      pinned = db.versions.refCurrent();
      Optional<CompactionJobSpec> spec = picker.pick(pinned);
      if (spec.isEmpty()) {
        pinned.unref();
        return;
      }
      compactionRunning = true;
      job = newJob(spec.get());
    } finally {
      db.mutex.unlock();
    }
    CompletableFuture<List<FileMetadata>> future;
    try {
      future = compactionService.submit(job);
    } catch (RuntimeException e) {
      pinned.unref();
      finishCompaction(e);
      return;
    }
    future.whenComplete(
        (outputs, error) -> {
          Exception failure = null;
          try {
            if (error != null) {
              failure = unwrap(error);
            } else {
              install(job.spec(), outputs);
            }
          } catch (IOException | RuntimeException e) {
            failure = e;
          } finally {
            pinned.unref();
          }
          finishCompaction(failure);
          if (failure == null) {
            maybeSchedule();
          }
        });
  }

  private void finishCompaction(Exception failure) {
    db.mutex.lock();
    try {
      compactionRunning = false;
      db.changed.signalAll();
    } finally {
      db.mutex.unlock();
    }
    if (failure != null && !db.isClosed()) {
      db.failBackground(failure);
    }
  }

  private CompactionJob newJob(CompactionJobSpec spec) {
    return new CompactionJob(
        spec,
        db.tables,
        db.view,
        db.versions,
        db::writerOptions,
        db.snapshots.ascending(),
        db.mergeFunction,
        db.options.compactionFilter());
  }

  private static Exception unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof UncheckedIOException u) {
      return u.getCause();
    }
    if (c instanceof Exception e) {
      return e;
    }
    return new IOException("compaction failed: " + c, c);
  }

  /** Installs a finished job's outputs in place of its inputs. */
  private void install(CompactionJobSpec spec, List<FileMetadata> outputs) throws IOException {
    VersionEdit edit = new VersionEdit();
    for (FileMetadata f : spec.inputs()) {
      edit.deleteFile(spec.inputLevel(), f.fileNumber());
    }
    for (FileMetadata f : spec.outputLevelInputs()) {
      edit.deleteFile(spec.outputLevel(), f.fileNumber());
    }
    long written = 0;
    for (FileMetadata f : outputs) {
      if (f.level() != spec.outputLevel()) {
        throw new IllegalStateException("compaction output " + f + " not at the output level");
      }
      edit.addFile(f);
      written += f.fileSize();
    }
    // A failed publish has an unknown outcome: the manifest naming the outputs may be durable (a
    // sync that failed after the bytes landed, a close that made them durable), and a crash would
    // then recover it. So the outputs stay: at worst they are unreferenced garbage.
    db.versions.logAndApply(edit);
    db.counters.compactionCount.incrementAndGet();
    if (spec.trivialMove()) {
      db.counters.trivialMoveCount.incrementAndGet();
    } else {
      db.counters.bytesCompactedRead.addAndGet(spec.inputBytes());
      db.counters.bytesCompactedWritten.addAndGet(written);
    }
  }

  /**
   * Compacts every file overlapping {@code [begin, end]} (null: unbounded) level by level down to
   * the deepest non-empty level; if nothing flowed into that level, rewrites its overlapping files
   * in place. Waits for a running automatic compaction first and blocks new ones meanwhile.
   */
  void compactRange(byte[] begin, byte[] end) throws IOException {
    db.mutex.lock();
    try {
      while (compactionRunning || manualCompactionRunning) {
        db.checkBackgroundError();
        db.changed.awaitUninterruptibly();
      }
      db.checkBackgroundError();
      manualCompactionRunning = true;
    } finally {
      db.mutex.unlock();
    }
    try {
      int target = Math.max(1, db.versions.current().deepestNonEmptyLevel());
      boolean reachedTarget = false;
      for (int level = 0; level < target; level++) {
        reachedTarget = runManual(level, begin, end, false);
      }
      if (!reachedTarget) {
        // Nothing flowed into the deepest level, so its files were not rewritten: do it in place.
        runManual(target, begin, end, true);
      }
    } finally {
      db.mutex.lock();
      try {
        manualCompactionRunning = false;
        db.changed.signalAll();
      } finally {
        db.mutex.unlock();
      }
      maybeSchedule();
    }
  }

  /** Runs one manual job at {@code level}; returns whether there was anything to compact. */
  private boolean runManual(int level, byte[] begin, byte[] end, boolean inPlace)
      throws IOException {
    db.checkOpen();
    Version v = db.versions.refCurrent();
    try {
      Optional<CompactionJobSpec> spec =
          inPlace
              ? manualPicker.manualInPlace(v, level, begin, end)
              : manualPicker.manual(v, level, begin, end);
      if (spec.isEmpty()) {
        return false;
      }
      CompactionJob job = newJob(spec.get());
      List<FileMetadata> outputs;
      try {
        outputs = compactionService.submit(job).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while compacting " + db.options.dirUri());
      } catch (ExecutionException e) {
        Exception cause = unwrap(e);
        if (cause instanceof IOException io) {
          throw io;
        }
        throw (RuntimeException) cause;
      }
      install(spec.get(), outputs);
      return true;
    } finally {
      v.unref();
    }
  }

  /** Waits until no compaction is running and the picker proposes none. */
  void waitUntilIdle() throws IOException {
    while (true) {
      db.mutex.lock();
      try {
        while (compactionRunning || manualCompactionRunning) {
          db.checkBackgroundError();
          db.changed.awaitUninterruptibly();
        }
        db.checkBackgroundError();
        if (db.isClosed() || picker.pick(db.versions.current()).isEmpty()) {
          return;
        }
      } finally {
        db.mutex.unlock();
      }
      maybeSchedule();
    }
  }

  /** Waits for the running job (no new one starts once the store is closed), then stops. */
  void close() {
    db.mutex.lock();
    try {
      while (compactionRunning || manualCompactionRunning) {
        db.changed.awaitUninterruptibly();
      }
    } finally {
      db.mutex.unlock();
    }
    if (ownsCompactionService) {
      compactionService.close();
    }
  }
}
