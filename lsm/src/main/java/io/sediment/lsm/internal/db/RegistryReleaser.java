package io.sediment.lsm.internal.db;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileRegistry;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.FileReleaser;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Ties the lifetime of SST files to the {@link FileRegistry}: a file installed in a version is
 * registered under its logical name with the ownership its metadata records ({@link
 * FileOwnership#OWNED} when the store wrote it or claimed it, {@link FileOwnership#SHARED} once
 * handed to a checkpoint, {@link FileOwnership#NOT_OWNED} when it only references it); when no live
 * version holds it any more its reader is closed and the name unlinked, and the registry deletes
 * the file only if it is owned and nothing else (a checkpoint's link or pin) references it; then
 * the store's {@link StoreListeners} hear that the store is done with the file.
 *
 * <p>One physical file may be listed under several logical names (clipped references to parts of
 * one file, see {@link FileMetadata}): the first name registers the file, later ones link to it, so
 * the registry counts one reference per name and deletes an owned file only once every name is
 * gone. The file's local copies are dropped, and the listeners told, only when the last of the
 * store's names for it is released: until then the store still reads it.
 */
final class RegistryReleaser implements FileReleaser {

  private final FileRegistry registry;
  private final TableCache tables;
  private final StoreListeners listeners;
  private final Map<Path, Integer> namesPerFile = new HashMap<>(); // guarded by itself

  RegistryReleaser(FileRegistry registry, TableCache tables, StoreListeners listeners) {
    this.registry = registry;
    this.tables = tables;
    this.listeners = listeners;
  }

  @Override
  public void adopted(FileMetadata file) {
    Path path = tables.path(file);
    synchronized (namesPerFile) {
      int names = namesPerFile.getOrDefault(path, 0);
      if (names == 0) {
        registry.register(file.logicalName(), path, file.ownership());
      } else {
        registry.link(file.logicalName(), path);
      }
      namesPerFile.put(path, names + 1);
    }
  }

  @Override
  public void release(FileMetadata file) {
    Path path = tables.path(file);
    boolean last;
    // Under the lock, so a name for the same file adopted concurrently sees the registry's state.
    synchronized (namesPerFile) {
      int names = namesPerFile.getOrDefault(path, 1) - 1;
      last = names <= 0;
      if (last) {
        namesPerFile.remove(path);
      } else {
        namesPerFile.put(path, names);
      }
      tables.release(file, last);
      // Never throws for a failed deletion: the registry reports it to its listener instead.
      registry.unlink(file.logicalName());
    }
    if (last) {
      listeners.fileReleased(path);
    }
  }
}
