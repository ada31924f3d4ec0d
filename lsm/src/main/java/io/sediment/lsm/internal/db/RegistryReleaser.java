package io.sediment.lsm.internal.db;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.FileRegistry;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.FileReleaser;

/**
 * Ties the lifetime of SST files to the {@link FileRegistry}: a file installed in a version is
 * registered under its logical name with the ownership its metadata records ({@link
 * FileOwnership#OWNED} when the store wrote it or claimed it, {@link FileOwnership#SHARED} once
 * handed to a checkpoint, {@link FileOwnership#NOT_OWNED} when it only references it); when no live
 * version holds it any more its reader is closed and the name unlinked, and the registry deletes
 * the file only if it is owned and nothing else (a checkpoint's link or pin) references it; then
 * the store's {@link StoreListeners} hear that the store is done with the file.
 */
final class RegistryReleaser implements FileReleaser {

  private final FileRegistry registry;
  private final TableCache tables;
  private final StoreListeners listeners;

  RegistryReleaser(FileRegistry registry, TableCache tables, StoreListeners listeners) {
    this.registry = registry;
    this.tables = tables;
    this.listeners = listeners;
  }

  @Override
  public void adopted(FileMetadata file) {
    registry.register(file.logicalName(), tables.path(file), file.ownership());
  }

  @Override
  public void release(FileMetadata file) {
    tables.release(file);
    // Never throws for a failed deletion: the registry reports it to its listener instead.
    registry.unlink(file.logicalName());
    listeners.fileReleased(tables.path(file));
  }
}
