package io.sediment.lsm.internal.db;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileSystemView;
import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionProgress;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.compaction.CompactionJobSpec;
import io.sediment.lsm.internal.compaction.CompactionMerge;
import io.sediment.lsm.internal.sst.SstView;
import io.sediment.lsm.internal.sst.SstWriterOptions;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.VersionSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.hadoop.fs.Path;

/**
 * One compaction of a store, as handed to its {@link CompactionService}: run in this process
 * ({@link #runLocally()}: {@link CompactionMerge} into new files in the store's directory), or in
 * another one, attempt by attempt ({@link #newAttempt()}), each attempt writing into a directory of
 * its own ({@link JobDirectories}).
 *
 * <p><b>Fencing.</b> The store installs a result only if it is the local run's, or if every output
 * lies in the directory of the latest attempt and that attempt was not discarded ({@link
 * #prepareInstall}); anything else is refused, so a late worker's result is never installed, and no
 * attempt is installed twice. When the job is over ({@link #settle}), the directories of every
 * attempt not installed are deleted. A directory's number stays pending in the manifest until its
 * worker is known to have stopped writing, so the next open deletes whatever a late worker wrote.
 *
 * <p>Thread-safe: a service may call {@link #newAttempt} and {@link #discard} from any thread.
 */
final class CompactionRun implements CompactionService.Task {

  private enum State {
    RUNNING,
    INSTALLING,
    INSTALLED,
    DISCARDED
  }

  private static final class Attempt {
    final CompactionJob job;
    final long number;
    final Path dir;
    State state = State.RUNNING;
    boolean writerStopped;

    Attempt(CompactionJob job, long number, Path dir) {
      this.job = job;
      this.number = number;
      this.dir = dir;
    }
  }

  /** Files to add for a result, and the directory number the same edit settles (-1: none). */
  record Install(List<FileMetadata> files, long settledDirectory) {}

  private final CompactionJobSpec spec;
  private final CompactionJob job;
  private final TableCache tables;
  private final VersionSet versions;
  private final IntFunction<SstWriterOptions> writerOptions;
  private final long[] liveSnapshots;
  private final MergeFunction mergeFunction;
  private final CompactionFilter filter;
  private final CompactionProgress localProgress = new CompactionProgress();

  // Guarded by this.
  private final List<Attempt> attempts = new ArrayList<>();
  private boolean ranLocally;
  private boolean settled;

  CompactionRun(
      CompactionJobSpec spec,
      CompactionJob job,
      TableCache tables,
      VersionSet versions,
      IntFunction<SstWriterOptions> writerOptions,
      long[] liveSnapshots,
      MergeFunction mergeFunction,
      CompactionFilter filter) {
    this.spec = spec;
    this.job = job;
    this.tables = tables;
    this.versions = versions;
    this.writerOptions = writerOptions;
    this.liveSnapshots = liveSnapshots.clone();
    this.mergeFunction = mergeFunction;
    this.filter = filter;
  }

  /**
   * Bytes of inputs the local run dropped without reading them (0 for a run elsewhere: a remote
   * worker's counts stay in its own progress).
   */
  long bytesSkippedLocally() {
    return localProgress.bytesSkipped();
  }

  /** The job as the picker proposed it, in the engine's terms. */
  CompactionJobSpec spec() {
    return spec;
  }

  @Override
  public CompactionJob job() {
    return job;
  }

  @Override
  public CompactionJob newAttempt() throws IOException {
    FileSystemView view = tables.view();
    synchronized (this) {
      if (settled) {
        throw new IllegalStateException("job " + job.jobId() + " is over: no new attempt");
      }
      int attemptNumber = attempts.size() + 1;
      long number = versions.newOutputNumber();
      Path dir = JobDirectories.directory(view, number, attemptNumber);
      try {
        view.mkdirs(dir);
      } catch (IOException | RuntimeException e) {
        versions.releaseOutput(number);
        throw e;
      }
      String uri = view.hadoopFileSystem().makeQualified(dir).toString();
      Attempt a = new Attempt(job.forAttempt(uri, attemptNumber), number, dir);
      attempts.add(a);
      return a.job;
    }
  }

  @Override
  public void discard(CompactionJob attempt, boolean writerStopped) {
    Attempt a;
    synchronized (this) {
      a = find(attempt);
      if (a.state == State.INSTALLING || a.state == State.INSTALLED) {
        throw new IllegalStateException(
            "attempt " + attempt.attempt() + " of job " + job.jobId() + " is installed");
      }
      a.state = State.DISCARDED;
      a.writerStopped |= writerStopped;
    }
    delete(a);
  }

  private Attempt find(CompactionJob attempt) {
    for (Attempt a : attempts) {
      if (a.job.equals(attempt)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "not an attempt of job " + job.jobId() + ": " + attempt.outputDirectory());
  }

  /** Deletes an attempt's directory; settles its number once its writer is known to be done. */
  private void delete(Attempt a) {
    try {
      tables.view().deleteRecursively(a.dir);
      if (a.writerStopped) {
        versions.releaseOutput(a.number);
      }
    } catch (IOException e) {
      // Its number stays pending: the next open deletes the directory.
    }
  }

  @Override
  public CompactionResult runLocally() throws IOException {
    synchronized (this) {
      ranLocally = true;
    }
    if (spec.trivialMove()) {
      List<StoreFile> moved = new ArrayList<>();
      for (FileMetadata f : spec.inputs()) {
        moved.add(f.withLevel(spec.outputLevel()).toStoreFile());
      }
      return new CompactionResult(moved);
    }
    List<SstView> inputs = new ArrayList<>();
    for (FileMetadata f : spec.allInputs()) {
      inputs.add(tables.reader(f)); // a clipped input yields only what its clip keeps
    }
    SstWriterOptions options = writerOptions.apply(spec.outputLevel());
    List<FileMetadata> outputs =
        CompactionMerge.run(
            inputs,
            new CompactionMerge.Params(
                liveSnapshots,
                mergeFunction,
                filter,
                spec.outputLevel(),
                spec.bottommost(),
                spec.targetFileSize()),
            new CompactionMerge.Outputs() {
              @Override
              public CompactionMerge.Output create() throws IOException {
                return SstOutput.create(tables, versions, options);
              }

              @Override
              public void discard(FileMetadata finished) {
                SstOutput.deleteUnpublished(tables, versions, finished);
              }
            },
            localProgress);
    List<StoreFile> files = new ArrayList<>(outputs.size());
    for (FileMetadata f : outputs) {
      files.add(f.toStoreFile());
    }
    return new CompactionResult(files);
  }

  /**
   * What installing {@code result} adds, after checking that it may be installed: a local run's
   * outputs as they are; the outputs of the attempt the store waits for renumbered by the store, at
   * their physical path in the attempt's directory, owned by the store, each checked to exist with
   * its recorded size. Marks that attempt as being installed.
   *
   * @throws IllegalStateException if the result is fenced: outputs of an earlier or discarded
   *     attempt, of no attempt of this job, or of a mix
   * @throws IOException naming the file if an output is missing or has another size
   */
  Install prepareInstall(CompactionResult result) throws IOException {
    List<StoreFile> outputs = result.outputs();
    if (spec.trivialMove()) {
      return new Install(local(outputs), -1); // the inputs themselves, re-filed
    }
    Attempt awaited;
    synchronized (this) {
      awaited = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
      boolean anyLocal = false;
      boolean anyRemote = false;
      for (StoreFile f : outputs) {
        anyLocal |= f.inStoreDirectory();
        anyRemote |= !f.inStoreDirectory();
      }
      if (anyLocal && (anyRemote || !ranLocally)) {
        throw new IllegalStateException(
            "job " + job.jobId() + ": result mixes local and remote outputs: " + outputs);
      }
      if (!anyRemote) {
        return new Install(local(outputs), -1);
      }
      if (awaited == null || awaited.state != State.RUNNING) {
        throw fenced(outputs.get(0), awaited);
      }
      for (StoreFile f : outputs) {
        Path parent = new Path(f.physicalPath()).getParent();
        if (parent == null || !parent.toString().equals(awaited.job.outputDirectory())) {
          throw fenced(f, awaited);
        }
      }
      awaited.state = State.INSTALLING;
      awaited.writerStopped = true; // it produced its result: it writes nothing more
    }
    List<FileMetadata> files = new ArrayList<>();
    try {
      for (StoreFile f : outputs) {
        if (f.clipped()) {
          throw new IllegalStateException("compaction output " + f + " is clipped");
        }
        long size = tables.view().size(new Path(f.physicalPath()));
        if (size != f.sizeBytes()) {
          throw new IOException(
              f.physicalPath() + " has " + size + " bytes, the result says " + f.sizeBytes());
        }
        long number = versions.newOutputNumber();
        files.add(
            new FileMetadata(
                number,
                f.level(),
                f.smallestInternalKey(),
                f.largestInternalKey(),
                f.sizeBytes(),
                f.entryCount(),
                f.deletionCount(),
                f.rangeDeletionCount(),
                f.smallestSequence(),
                f.largestSequence(),
                FileMetadata.sstName(number),
                f.physicalPath(),
                FileOwnership.OWNED));
      }
    } catch (IOException | RuntimeException e) {
      for (FileMetadata f : files) {
        versions.releaseOutput(f.fileNumber());
      }
      synchronized (this) {
        awaited.state = State.RUNNING;
      }
      throw e;
    }
    return new Install(files, awaited.number);
  }

  private static List<FileMetadata> local(List<StoreFile> outputs) {
    List<FileMetadata> files = new ArrayList<>(outputs.size());
    for (StoreFile f : outputs) {
      files.add(FileMetadata.from(f));
    }
    return files;
  }

  private IllegalStateException fenced(StoreFile output, Attempt awaited) {
    return new IllegalStateException(
        "job "
            + job.jobId()
            + ": refusing output "
            + output.physicalPath()
            + (awaited == null
                ? ", no attempt is awaited"
                : ", the store awaits attempt "
                    + awaited.job.attempt()
                    + " in "
                    + awaited.job.outputDirectory()
                    + " ("
                    + awaited.state
                    + ")"));
  }

  /** Records that the edit installing the attempt being installed was published. */
  synchronized void installed() {
    for (Attempt a : attempts) {
      if (a.state == State.INSTALLING) {
        a.state = State.INSTALLED;
      }
    }
  }

  /**
   * Ends the job: no new attempt starts, and the directory of every attempt neither installed nor
   * being installed (an install whose publish failed may be durable all the same) is deleted.
   */
  void settle() {
    List<Attempt> toDelete = new ArrayList<>();
    synchronized (this) {
      settled = true;
      for (Attempt a : attempts) {
        if (a.state == State.RUNNING) {
          a.state = State.DISCARDED;
          toDelete.add(a);
        }
      }
    }
    for (Attempt a : toDelete) {
      delete(a);
    }
  }
}
