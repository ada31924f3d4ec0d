package io.sediment.lsm.internal.db;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.VersionState;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output directories of compaction attempts run outside the store's process: {@code
 * <store>/compactions/<number>-<attempt>/}, where {@code number} is an output number of the store
 * (pending from the moment the directory is allocated, see {@code VersionSet#newOutputNumber}) and
 * {@code attempt} the job's attempt number. The store installs the files of at most one attempt of
 * a job, in place (by physical path), and settles the number in the same manifest edit.
 *
 * <p><b>Which directories a crash leaves behind.</b> At open, a job directory that no file of the
 * recovered manifest lies in is an orphan when its number is pending in that manifest or not below
 * its next file number: then no published manifest ever listed a file in it (installing files from
 * it settles the number in the same publish), so nobody, not even a checkpoint, can reference them;
 * the directory is deleted with everything in it. A directory whose number is settled and that the
 * manifest does not reference held installed outputs the store has since compacted away; what is
 * left in it may belong to a checkpoint (shared files), so only an empty one is deleted. Abandoned
 * attempts keep their number pending until their worker is known to have stopped, so a worker that
 * writes late into a deleted directory leaves an orphan the next open deletes.
 */
final class JobDirectories {

  private static final Logger LOG = LoggerFactory.getLogger(JobDirectories.class);

  /** Name of the directory under the store that holds the job directories. */
  static final String PARENT = "compactions";

  private static final Pattern NAME = Pattern.compile("(\\d{6,})-(\\d+)");

  private JobDirectories() {}

  /** The directory of attempt {@code attempt} numbered {@code number}. */
  static Path directory(FileSystemView view, long number, int attempt) {
    return new Path(view.resolve(PARENT), String.format("%06d-%d", number, attempt));
  }

  /**
   * Deletes the orphaned job directories of the recovered {@code state} and the empty ones; keeps
   * the number of an orphan whose deletion failed pending, so the next open tries again.
   *
   * @param referenced qualified paths of every file {@code state} lists
   * @param keepPending called with the number of an orphan that could not be deleted
   * @param seen called with every job directory number found, to keep numbers unique
   */
  static void sweep(
      FileSystemView view,
      VersionState state,
      Set<Path> referenced,
      java.util.function.LongConsumer seen,
      java.util.function.LongConsumer keepPending)
      throws IOException {
    Path parent = view.resolve(PARENT);
    List<FileStatus> dirs = view.list(parent);
    if (dirs.isEmpty()) {
      return;
    }
    Set<Path> referencedDirs = new HashSet<>();
    for (Path p : referenced) {
      referencedDirs.add(p.getParent());
    }
    Set<Long> pending = new HashSet<>(state.pendingOutputs());
    for (FileStatus s : dirs) {
      Matcher m = NAME.matcher(s.getPath().getName());
      if (!s.isDirectory() || !m.matches()) {
        continue;
      }
      long number = Long.parseLong(m.group(1));
      seen.accept(number);
      Path dir = view.hadoopFileSystem().makeQualified(s.getPath());
      if (referencedDirs.contains(dir)) {
        continue;
      }
      boolean orphan = number >= state.nextFileNumber() || pending.contains(number);
      try {
        if (orphan) {
          LOG.info("deleting {}: outputs of a compaction that was never installed", dir);
          view.deleteRecursively(dir);
        } else if (view.list(dir).isEmpty()) {
          view.deleteRecursively(dir);
        }
      } catch (IOException e) {
        LOG.warn("could not delete {}; the next open tries again: {}", dir, e.getMessage());
        if (orphan) {
          keepPending.accept(number);
        }
      }
    }
    if (view.list(parent).isEmpty()) {
      view.deleteRecursively(parent);
    }
  }

  /** Whether {@code f} lies in a job directory of this store. */
  static boolean inJobDirectory(FileSystemView view, FileMetadata f) {
    if (f.inStoreDirectory()) {
      return false;
    }
    Path dir = new Path(f.physicalPath()).getParent();
    Path parent = dir == null ? null : dir.getParent();
    if (parent == null || !NAME.matcher(dir.getName()).matches()) {
      return false;
    }
    try {
      Path qualified = view.hadoopFileSystem().makeQualified(parent);
      return qualified.equals(view.hadoopFileSystem().makeQualified(view.resolve(PARENT)));
    } catch (IllegalArgumentException e) {
      return false; // on another file system
    }
  }
}
