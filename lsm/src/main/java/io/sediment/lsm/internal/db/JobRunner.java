package io.sediment.lsm.internal.db;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionProgress;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.MergeFunction;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.internal.compaction.CompactionMerge;
import io.sediment.lsm.internal.sst.SstProperties;
import io.sediment.lsm.internal.sst.SstReader;
import io.sediment.lsm.internal.sst.SstView;
import io.sediment.lsm.internal.sst.SstWriter;
import io.sediment.lsm.internal.sst.SstWriterOptions;
import io.sediment.lsm.internal.version.FileMetadata;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Runs a {@link CompactionJob} that names an output directory, in any process that reaches the
 * store's file system: the engine behind {@code io.sediment.lsm.CompactionJobs}. Inputs are opened
 * by physical path, each through an {@link SstView} with its clip (a clipped reference is never
 * read whole), without block cache; outputs are {@code 000001.sst}, {@code 000002.sst}, ... in the
 * output directory, created only while that directory exists (a store that gave up the attempt
 * deletes it, which stops the run at its next output), each output finished before a cut with its
 * progress record ({@link AttemptProgress}) until the run succeeds. Nothing else is written, and
 * nothing is deleted but this run's own outputs and records (and the outputs it took over from an
 * earlier attempt) when it fails.
 */
public final class JobRunner {

  private JobRunner() {}

  /**
   * Runs {@code job}; see {@code CompactionJobs#run}.
   *
   * @throws IllegalArgumentException if the job has no output directory, or the merge function or
   *     filter does not match the names the job records
   * @throws IOException naming the file on read or write failures, {@link FileNotFoundException}
   *     naming the output directory if it does not exist
   */
  public static CompactionResult run(
      CompactionJob job,
      Configuration conf,
      MergeFunction mergeFunction,
      CompactionFilter filter,
      CompactionProgress progress)
      throws IOException {
    return run(job, conf, mergeFunction, filter, progress, "");
  }

  /**
   * As {@link #run(CompactionJob, Configuration, MergeFunction, CompactionFilter,
   * CompactionProgress)}, first taking over the outputs an earlier attempt of the job recorded in
   * {@code earlierDirectory} (empty: none); see {@link AttemptProgress}.
   */
  public static CompactionResult run(
      CompactionJob job,
      Configuration conf,
      MergeFunction mergeFunction,
      CompactionFilter filter,
      CompactionProgress progress,
      String earlierDirectory)
      throws IOException {
    check(job, mergeFunction, filter);
    if (job.trivialMove()) {
      List<StoreFile> moved = new ArrayList<>();
      for (StoreFile f : job.inputs()) {
        moved.add(f.withLevel(job.outputLevel()));
      }
      return new CompactionResult(moved);
    }
    try (Session session = new Session(job, conf)) {
      List<SstView> views = new ArrayList<>();
      for (StoreFile f : job.inputs()) {
        views.add(session.open(f));
      }
      long[] snapshots = new long[job.liveSnapshots().size()];
      for (int i = 0; i < snapshots.length; i++) {
        snapshots[i] = job.liveSnapshots().get(i);
      }
      SstWriterOptions options =
          new SstWriterOptions(
                  job.blockSizeBytes(), 16, job.outputCompression(), job.bloomBitsPerKey())
              .withKeyGroups(job.keyGroupMaxParallelism());
      AttemptProgress.TakenOver taken = AttemptProgress.TakenOver.NONE;
      if (!earlierDirectory.isEmpty() && !earlierDirectory.equals(job.outputDirectory())) {
        long fingerprint = AttemptProgress.fingerprint(job);
        try {
          taken =
              AttemptProgress.takeOver(
                  session.out,
                  job.outputDirectory(),
                  earlierDirectory,
                  fingerprint,
                  job.outputLevel(),
                  conf);
        } catch (IOException | RuntimeException e) {
          session.deleteOutputs(); // whatever was moved in stays out of any result
          throw e;
        }
        progress.addReused(taken.files().size());
      }
      List<FileMetadata> outputs;
      try {
        outputs =
            CompactionMerge.run(
                views,
                new CompactionMerge.Params(
                    snapshots,
                    mergeFunction,
                    filter,
                    job.outputLevel(),
                    job.bottommost(),
                    job.targetFileSizeBytes()),
                session.outputs(options, taken.files().size() + 1),
                progress,
                taken.restartKey());
      } catch (IOException | RuntimeException e) {
        for (FileMetadata f : taken.files()) {
          session.out.delete(new Path(f.physicalPath()));
        }
        throw e;
      }
      // Done: the records only serve a retry of an unfinished run, and the store keeps an
      // attempt directory for as long as anything is left in it.
      session.deleteRecords(taken.files());
      session.deleteRecords(outputs);
      List<StoreFile> files = new ArrayList<>(taken.files().size() + outputs.size());
      for (FileMetadata f : taken.files()) {
        files.add(f.toStoreFile());
      }
      for (FileMetadata f : outputs) {
        files.add(f.toStoreFile());
      }
      return new CompactionResult(files);
    }
  }

  private static void check(CompactionJob job, MergeFunction mf, CompactionFilter filter) {
    if (job.outputDirectory().isEmpty()) {
      throw new IllegalArgumentException(
          "job " + job.jobId() + " names no output directory: start an attempt first");
    }
    String mfName = mf == null ? null : mf.name();
    if (!java.util.Objects.equals(mfName, job.mergeFunctionName())) {
      throw new IllegalArgumentException(
          "job "
              + job.jobId()
              + " needs merge function "
              + job.mergeFunctionName()
              + ", given "
              + mfName);
    }
    String filterName = filter == null ? null : filter.name();
    if (!java.util.Objects.equals(filterName, job.compactionFilterName())) {
      throw new IllegalArgumentException(
          "job "
              + job.jobId()
              + " needs compaction filter "
              + job.compactionFilterName()
              + ", given "
              + filterName);
    }
  }

  /** The open file systems, input files and readers of one run. */
  private static final class Session implements Closeable {

    private final CompactionJob job;
    private final Configuration conf;
    private final FileSystemView out;
    private final Map<String, FileSystemView> inputViews = new HashMap<>();
    private final List<ReadableFile> files = new ArrayList<>();
    private final List<SstReader> readers = new ArrayList<>();

    Session(CompactionJob job, Configuration conf) throws IOException {
      this.job = job;
      this.conf = conf;
      this.out = FileSystemView.openExisting(job.outputDirectory(), conf);
    }

    SstView open(StoreFile f) throws IOException {
      Path path = new Path(f.physicalPath());
      Path parent = path.getParent();
      String key = parent.toString();
      FileSystemView view = inputViews.get(key);
      if (view == null) {
        view = FileSystemView.openExisting(key, conf);
        inputViews.put(key, view);
      }
      ReadableFile file = view.openRead(path);
      files.add(file);
      SstReader reader =
          SstReader.open(file, f.fileNumber(), null, UnpooledByteBufAllocator.DEFAULT);
      readers.add(reader);
      return new SstView(reader, f.clipLower(), f.clipUpper());
    }

    /** Deletes the progress records of {@code files}; one left behind only keeps a directory. */
    void deleteRecords(List<FileMetadata> files) {
      for (FileMetadata f : files) {
        try {
          out.delete(out.resolve(AttemptProgress.recordName(f.logicalName())));
        } catch (IOException ignored) {
          // Harmless: a record names its job, and the store deletes the directory with the
          // attempt's last file.
        }
      }
    }

    /** Deletes every file in the output directory (a takeover that failed half-way). */
    void deleteOutputs() {
      try {
        for (org.apache.hadoop.fs.FileStatus st : out.hadoopFileSystem().listStatus(out.root())) {
          out.delete(st.getPath());
        }
      } catch (IOException ignored) {
        // The store deletes the directory of an attempt it does not install.
      }
    }

    CompactionMerge.Outputs outputs(SstWriterOptions options, long firstNumber) {
      return new CompactionMerge.Outputs() {
        private long next = firstNumber;
        private Long fingerprint; // only a job that cuts needs it

        @Override
        public void cutAt(FileMetadata finished, byte[] nextKey) throws IOException {
          if (fingerprint == null) {
            fingerprint = AttemptProgress.fingerprint(job);
          }
          AttemptProgress.record(out, out.resolve(finished.logicalName()), fingerprint, nextKey);
        }

        @Override
        public CompactionMerge.Output create() throws IOException {
          if (!out.exists(out.root())) {
            throw new FileNotFoundException(
                job.outputDirectory() + " no longer exists: the store gave up this attempt");
          }
          String name = FileMetadata.sstName(next);
          long number = next++;
          Path path = out.resolve(name);
          WritableFile file = out.create(path);
          String physical = physical(name);
          SstWriter writer =
              new SstWriter(
                  new BufferedWritableFile(file, BufferedWritableFile.DEFAULT_CAPACITY), options);
          return new DirectoryOutput(out, path, number, physical, writer);
        }

        @Override
        public void discard(FileMetadata finished) {
          try {
            out.delete(new Path(finished.physicalPath()));
            out.delete(out.resolve(AttemptProgress.recordName(finished.logicalName())));
          } catch (IOException ignored) {
            // The store deletes the directory of an attempt it does not install.
          }
        }
      };
    }

    private String physical(String name) {
      String dir = job.outputDirectory();
      return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    @Override
    public void close() throws IOException {
      for (SstReader r : readers) {
        r.close();
      }
      IOException failure = null;
      for (ReadableFile f : files) {
        try {
          f.close();
        } catch (IOException e) {
          failure = e;
        }
      }
      for (FileSystemView v : inputViews.values()) {
        v.close();
      }
      out.close();
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** One output in the job's directory. */
  private record DirectoryOutput(
      FileSystemView view, Path path, long number, String physical, SstWriter writer)
      implements CompactionMerge.Output {

    @Override
    public FileMetadata finish(int level) throws IOException {
      SstProperties p;
      try {
        p = writer.finish();
      } catch (IOException | RuntimeException e) {
        abandon();
        throw e;
      }
      return FileMetadata.of(number, level, p, path.getName(), physical, FileOwnership.OWNED);
    }

    @Override
    public void abandon() {
      writer.abandon();
      try {
        view.delete(path);
      } catch (IOException ignored) {
        // The store deletes the directory of an attempt it does not install.
      }
    }
  }
}
