package io.sediment.lsm.internal.db;

import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.LocalCompactionService;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.compaction.CompactionJobSpec;
import io.sediment.lsm.internal.compaction.LeveledCompactionPicker;
import io.sediment.lsm.internal.rangedel.CoveredFile;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;

/**
 * Decides when compactions run and installs their results. Automatic jobs are picked after every
 * flush and compaction, under the store's mutex, by the picker given the jobs already running, so
 * no file is ever the input of two jobs and no two jobs write one key range into one level. One job
 * runs at a time, or up to {@code maxBackgroundCompactions} while level 0 holds {@link
 * #speedupTrigger} files or more (as RocksDB parallelises compactions only when they fall behind).
 * A job's version is pinned while it runs, and its edit replaces exactly its inputs with its
 * outputs through the manifest; installs are serialised by the version set. A manual compaction
 * runs alone: it waits for running jobs and keeps new ones from starting. A failed job leaves its
 * inputs in place and stops writes with the error; its outputs are deleted, unless publishing them
 * failed (a manifest naming them may then be durable all the same).
 *
 * <p>The running list and the manual flag are guarded by the store's mutex; waiters use its
 * condition.
 */
final class CompactionScheduler {

  private final DbImpl db;
  private final CompactionService compactionService;
  private final boolean ownsCompactionService;
  private final LeveledCompactionPicker picker;
  private final AtomicLong jobIds = new AtomicLong();
  private final int maxConcurrent;
  private final int speedupTrigger;

  // Guarded by db.mutex.
  private final List<CompactionJobSpec> running = new ArrayList<>();
  private boolean manualCompactionRunning;

  CompactionScheduler(DbImpl db) {
    this.db = db;
    DbOptions options = db.options;
    this.maxConcurrent = options.settings().maxBackgroundCompactions();
    this.speedupTrigger = speedupTrigger(options);
    this.ownsCompactionService = options.compactionService() == null;
    this.compactionService =
        ownsCompactionService
            ? new LocalCompactionService(maxConcurrent)
            : options.compactionService();
    this.picker =
        new LeveledCompactionPicker(
            options.settings().l0CompactionTrigger(),
            options.settings().maxBytesForLevelBase(),
            10,
            options.settings().targetFileSizeBytes());
  }

  /**
   * Level-0 file count from which more than one compaction may run: RocksDB's threshold for
   * speeding up compaction, {@code min(2 * trigger, trigger + (stop - trigger) / 4)}.
   */
  static int speedupTrigger(DbOptions options) {
    int trigger = options.settings().l0CompactionTrigger();
    int stop = options.settings().l0StopWritesTrigger();
    return Math.max(trigger, Math.min(2 * trigger, trigger + (stop - trigger) / 4));
  }

  /** Caller holds the mutex. */
  private int allowedJobs(Version current) {
    return current.fileCount(0) >= speedupTrigger ? maxConcurrent : 1;
  }

  /** Whether {@code job}'s edit is already applied in {@code v}: its inputs left their level. */
  private static boolean installedIn(CompactionJobSpec job, Version v) {
    long first = job.inputs().get(0).fileNumber();
    for (FileMetadata f : v.files(job.inputLevel())) {
      if (f.fileNumber() == first) {
        return false;
      }
    }
    return true;
  }

  /** Starts the jobs the picker proposes, as many as may run now, unless the store is closing. */
  void maybeSchedule() {
    while (startOne()) {
      // Keep going: a second job may be allowed.
    }
  }

  /** Starts one job; returns whether it did. */
  private boolean startOne() {
    CompactionRun job;
    Version pinned;
    db.mutex.lock();
    try {
      if (db.isClosed() || manualCompactionRunning || db.hasBackgroundError()) {
        return false;
      }
      pinned = db.versions.refCurrent();
      // A job whose edit is in the version but which has not yet left the list constrains nothing.
      List<CompactionJobSpec> active = new ArrayList<>();
      for (CompactionJobSpec j : running) {
        if (!installedIn(j, pinned)) {
          active.add(j);
        }
      }
      if (active.size() >= allowedJobs(pinned)) {
        pinned.unref();
        return false;
      }
      Optional<CompactionJobSpec> spec;
      try {
        spec = picker.pick(pinned, active);
        // Made before the spec is listed: a job that fails here never stays listed as running
        // (which would keep every later job, and close(), waiting for it).
        job = spec.isEmpty() ? null : newJob(spec.get());
      } catch (RuntimeException e) {
        pinned.unref();
        throw e;
      }
      if (spec.isEmpty()) {
        pinned.unref();
        return false;
      }
      running.add(spec.get());
    } finally {
      db.mutex.unlock();
    }
    CompletableFuture<CompactionResult> future;
    long started = db.options.nanoClock().getAsLong();
    try {
      future = compactionService.submit(job);
    } catch (RuntimeException e) {
      job.settle();
      pinned.unref();
      finishCompaction(job.spec(), e);
      return false;
    }
    future.whenComplete(
        (outputs, error) -> {
          Exception failure = null;
          try {
            if (error != null) {
              failure = unwrap(error);
            } else {
              install(job, outputs, started);
            }
          } catch (IOException | RuntimeException e) {
            failure = e;
          } finally {
            job.settle();
            pinned.unref();
          }
          finishCompaction(job.spec(), failure);
          if (failure == null) {
            try {
              maybeSchedule();
            } catch (RuntimeException e) {
              // Thrown here, it would vanish into the finished future: no job would run again and
              // a writer stalled on level 0 would never wake. Stop writes with it instead.
              if (!db.isClosed()) {
                db.failBackground(e);
              }
            }
          }
        });
    return true;
  }

  private void finishCompaction(CompactionJobSpec spec, Exception failure) {
    db.mutex.lock();
    try {
      for (int i = 0; i < running.size(); i++) {
        if (running.get(i) == spec) {
          running.remove(i);
          break;
        }
      }
      db.changed.signalAll();
    } finally {
      db.mutex.unlock();
    }
    if (failure != null && !db.isClosed()) {
      db.failBackground(failure);
    }
  }

  private CompactionRun newJob(CompactionJobSpec spec) {
    long[] snapshots = db.snapshots.ascending();
    return new CompactionRun(
        spec,
        describe(spec, snapshots),
        db.tables,
        db.versions,
        db::writerOptions,
        snapshots,
        db.mergeFunction,
        db.options.compactionFilter());
  }

  /** The job as a plain value a service may ship elsewhere. */
  private CompactionJob describe(CompactionJobSpec spec, long[] snapshots) {
    DbOptions options = db.options;
    FileSystem fs = db.view.hadoopFileSystem();
    List<StoreFile> inputs = new ArrayList<>();
    for (FileMetadata f : spec.allInputs()) {
      String path = fs.makeQualified(db.tables.path(f)).toString();
      inputs.add(f.toStoreFile().withPhysicalPath(path));
    }
    List<Long> live = new ArrayList<>(snapshots.length);
    for (long s : snapshots) {
      live.add(s);
    }
    int level = spec.outputLevel();
    return new CompactionJob(
        options.dirUri() + "#" + jobIds.incrementAndGet(),
        spec.inputLevel(),
        level,
        inputs,
        spec.trivialMove(),
        spec.bottommost(),
        live,
        db.mergeFunction == null ? null : db.mergeFunction.name(),
        options.compactionFilter() == null ? null : options.compactionFilter().name(),
        options.compression(level),
        options.settings().blockSize(),
        options.settings().bloomBitsPerKey(),
        spec.targetFileSize(),
        options.compactionFilter() == null ? "" : options.compactionFilter().configText(),
        options.maxParallelism(),
        "",
        0);
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
  private void install(CompactionRun job, CompactionResult result, long startedNanos)
      throws IOException {
    CompactionJobSpec spec = job.spec();
    CompactionRun.Install outputs = job.prepareInstall(result);
    VersionEdit edit = new VersionEdit();
    if (outputs.settledDirectory() > 0) {
      edit.releaseOutput(outputs.settledDirectory());
    }
    for (FileMetadata f : spec.inputs()) {
      edit.deleteFile(spec.inputLevel(), f.fileNumber());
    }
    for (FileMetadata f : spec.outputLevelInputs()) {
      edit.deleteFile(spec.outputLevel(), f.fileNumber());
    }
    long written = 0;
    for (FileMetadata f : outputs.files()) {
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
    job.installed();
    db.counters.compactionCount.incrementAndGet();
    if (spec.trivialMove()) {
      db.counters.trivialMoveCount.incrementAndGet();
    } else {
      long skipped = job.bytesSkippedLocally();
      db.counters.bytesCompactedRead.addAndGet(spec.inputBytes() - skipped);
      db.counters.bytesCompactedSkipped.addAndGet(skipped);
      db.counters.bytesCompactedWritten.addAndGet(written);
    }
    CompactionLog.installed(
        db.options.dirUri(),
        spec,
        result.outputs(),
        db.options.nanoClock().getAsLong() - startedNanos);
  }

  /**
   * Removes from the live version, by one manifest edit and without reading them, the files that
   * {@code flushed} (range tombstones a flush just installed) cover wholly for every reader: newer
   * than each file's entries, with no live snapshot that sees some of a file's entries but not the
   * tombstones ({@link CoveredFile}). The tombstones stay in the version, so the latest state and
   * every snapshot read as before; a reader that pinned an older version (an open iterator, a
   * checkpoint being written) keeps the files in that version, which stay on disk until it lets go,
   * and files handed to a checkpoint are only dropped from the live version, never deleted by the
   * store. Files that are inputs of a running job are left to it, and nothing is done while a
   * manual compaction runs; files a snapshot still needs are left to compaction, which drops them
   * once the snapshot is gone. The removed files are held in the running list while the edit is
   * published, so no job picks them meanwhile.
   *
   * @throws IOException if publishing the edit failed
   */
  void dropCoveredFiles(List<RangeTombstone> flushed) throws IOException {
    if (flushed.isEmpty()) {
      return;
    }
    List<CompactionJobSpec> claims = new ArrayList<>();
    VersionEdit edit = new VersionEdit();
    long bytes = 0;
    db.mutex.lock();
    try {
      if (db.isClosed() || manualCompactionRunning || db.hasBackgroundError()) {
        return;
      }
      Version v = db.versions.current();
      Set<Long> busy = new HashSet<>();
      for (CompactionJobSpec j : running) {
        for (FileMetadata f : j.allInputs()) {
          busy.add(f.fileNumber());
        }
      }
      long[] snapshots = db.snapshots.ascending();
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        List<FileMetadata> dropped = new ArrayList<>();
        for (FileMetadata f : v.files(level)) {
          if (!busy.contains(f.fileNumber())
              && CoveredFile.covered(
                  CoveredFile.span(f.smallest(), f.largest(), null, null),
                  f.smallestSequence(),
                  f.largestSequence(),
                  flushed,
                  snapshots)) {
            dropped.add(f);
            edit.deleteFile(level, f.fileNumber());
            bytes += f.fileSize();
          }
        }
        if (!dropped.isEmpty()) {
          claims.add(
              new CompactionJobSpec(
                  level,
                  level,
                  dropped,
                  List.of(),
                  false,
                  false,
                  db.options.settings().targetFileSizeBytes(),
                  "covered by a range delete"));
        }
      }
      if (claims.isEmpty()) {
        return;
      }
      running.addAll(claims);
    } finally {
      db.mutex.unlock();
    }
    try {
      db.versions.logAndApply(edit);
      db.counters.bytesDroppedCovered.addAndGet(bytes);
      CompactionLog.droppedCovered(db.options.dirUri(), claims, bytes);
    } finally {
      db.mutex.lock();
      try {
        running.removeAll(claims);
        db.changed.signalAll();
      } finally {
        db.mutex.unlock();
      }
    }
  }

  /**
   * Compacts every file overlapping {@code [begin, end]} (null: unbounded) down to the deepest
   * level holding any of them: level 0 into the base level, then each level into the next; if
   * nothing flowed into the deepest level, rewrites its overlapping files in place. Waits for
   * running compactions first and keeps new ones from starting meanwhile.
   */
  void compactRange(byte[] begin, byte[] end) throws IOException {
    db.mutex.lock();
    try {
      while (!running.isEmpty() || manualCompactionRunning) {
        db.checkBackgroundError();
        db.changed.awaitUninterruptibly();
      }
      db.checkBackgroundError();
      manualCompactionRunning = true;
    } finally {
      db.mutex.unlock();
    }
    try {
      Version v = db.versions.current();
      int deepest = deepestOverlapping(v, begin, end);
      if (deepest < 0) {
        return;
      }
      boolean reachedDeepest = false;
      if (deepest == 0) {
        runManual(0, Math.max(1, picker.targets(v).baseLevel()), begin, end);
        return;
      }
      int base = Math.min(deepest, picker.targets(v).baseLevel());
      if (runManual(0, base, begin, end)) {
        reachedDeepest = base == deepest;
      }
      for (int level = base; level < deepest; level++) {
        if (runManual(level, level + 1, begin, end)) {
          reachedDeepest = level + 1 == deepest;
        }
      }
      if (!reachedDeepest) {
        // Nothing flowed into the deepest level, so its files were not rewritten: do it in place.
        runManual(deepest, deepest, begin, end);
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

  /** Deepest level with a file overlapping {@code [begin, end]}, or -1. */
  private static int deepestOverlapping(Version v, byte[] begin, byte[] end) {
    for (int level = Version.NUM_LEVELS - 1; level >= 0; level--) {
      if (!v.overlapping(level, begin, end).isEmpty()) {
        return level;
      }
    }
    return -1;
  }

  /**
   * Runs one manual job from {@code level} into {@code outputLevel} (in place when equal); returns
   * whether there was anything to compact.
   */
  private boolean runManual(int level, int outputLevel, byte[] begin, byte[] end)
      throws IOException {
    db.checkOpen();
    Version v = db.versions.refCurrent();
    try {
      Optional<CompactionJobSpec> spec =
          level == outputLevel
              ? picker.manualInPlace(v, level, begin, end)
              : picker.manual(v, level, outputLevel, begin, end);
      if (spec.isEmpty()) {
        return false;
      }
      CompactionRun job = newJob(spec.get());
      CompactionResult outputs;
      long started = db.options.nanoClock().getAsLong();
      try {
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
        install(job, outputs, started);
      } finally {
        job.settle();
      }
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
        while (!running.isEmpty() || manualCompactionRunning) {
          db.checkBackgroundError();
          db.changed.awaitUninterruptibly();
        }
        db.checkBackgroundError();
        if (db.isClosed() || picker.pick(db.versions.current(), List.of()).isEmpty()) {
          return;
        }
      } finally {
        db.mutex.unlock();
      }
      maybeSchedule();
    }
  }

  /** Waits for the running jobs (no new one starts once the store is closed), then stops. */
  void close() {
    db.mutex.lock();
    try {
      while (!running.isEmpty() || manualCompactionRunning) {
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
