package io.sediment.lsm.internal.db;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileSystemView;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.internal.manifest.ManifestContents;
import io.sediment.lsm.internal.manifest.ManifestStore;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.VersionState;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Deletes a closed store: the files it owns, its write-ahead logs and its manifests, as RocksDB's
 * {@code DestroyDB} does, but never a file that is not the store's to delete.
 *
 * <p>Kept: every file the newest manifest lists as shared (handed to a checkpoint: the checkpoint
 * storage deletes it once no checkpoint needs it) or not owned (restored from a checkpoint), and
 * every SST in the directory that the manifest does not list, since it may be a checkpoint's file
 * that the store compacted away. Output directories of remote compactions go when they are orphans
 * or empty (see {@link JobDirectories}). The directory itself goes only if nothing is left in it.
 *
 * <p>Order: owned SSTs and logs first, the manifests last, so a destroy cut short by a crash still
 * finds the store and finishes when run again (files already gone are skipped). Once the manifests
 * are gone, a checkpoint storage that recorded the store treats it as abandoned.
 */
final class StoreDestroyer {

  private static final Pattern LOG = Pattern.compile("\\d{6,}\\.log");

  private StoreDestroyer() {}

  /**
   * Destroys the store in {@code options.dirUri()}; does nothing if the directory does not exist.
   *
   * @throws IOException naming the directory if the store is open, or a file that cannot be deleted
   *     (what was deleted stays deleted; run it again)
   */
  static void destroy(DbOptions options) throws IOException {
    FileSystemView view;
    try {
      view = FileSystemView.openExisting(options.dirUri(), options.hadoopConfiguration());
    } catch (FileNotFoundException e) {
      return;
    }
    try (view) {
      destroyLocked(view);
    }
    deleteIfEmpty(options);
  }

  private static void destroyLocked(FileSystemView view) throws IOException {
    StoreLock lock = StoreLock.acquire(view);
    try {
      Optional<ManifestStore.Recovered> recovered = ManifestStore.recover(view);
      if (recovered.isPresent()) {
        ManifestContents m = recovered.get().contents();
        java.util.Set<Path> kept = new java.util.HashSet<>();
        for (FileMetadata f : m.version().allFiles()) {
          if (f.ownership() != FileOwnership.OWNED && !f.inStoreDirectory()) {
            kept.add(new Path(f.physicalPath()));
          }
          if (f.ownership() == FileOwnership.OWNED && f.physicalPath().isEmpty()) {
            view.delete(view.resolve(f.logicalName()));
          } else if (f.ownership() == FileOwnership.OWNED
              && JobDirectories.inJobDirectory(view, f)) {
            view.delete(new Path(f.physicalPath()));
          }
        }
        // Job directories: the installed files were deleted above; what is left is an orphan,
        // empty, or a checkpoint's.
        JobDirectories.sweep(
            view,
            new VersionState(
                m.version(),
                m.nextFileNumber(),
                m.lastSequence(),
                m.logNumber(),
                m.pendingOutputs()),
            kept,
            n -> {},
            n -> {});
      }
      List<Path> manifests = new ArrayList<>();
      for (FileStatus s : view.list(view.root())) {
        String name = s.getPath().getName();
        if (LOG.matcher(name).matches()) {
          view.delete(s.getPath());
        } else if (ManifestStore.isManifestName(name)) {
          manifests.add(s.getPath());
        }
      }
      manifests.sort(null);
      for (Path m : manifests) {
        view.delete(m);
      }
    } finally {
      lock.close();
    }
  }

  /** Deletes the lock file, then the store's directory when nothing else is left in it. */
  private static void deleteIfEmpty(DbOptions options) throws IOException {
    try (FileSystemView view =
        FileSystemView.openExisting(options.dirUri(), options.hadoopConfiguration())) {
      view.delete(view.resolve(StoreLock.LOCK_FILE));
      if (view.list(view.root()).isEmpty()) {
        view.hadoopFileSystem().delete(view.root(), true);
      }
    } catch (FileNotFoundException e) {
      // Gone already.
    }
  }
}
