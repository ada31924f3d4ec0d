package io.sediment.fs;

/**
 * Who may delete a physical file once nothing in this process references it.
 *
 * <p>The {@link FileRegistry} deletes a file at zero references only if it is {@link #OWNED}; it
 * merely forgets {@link #SHARED} and {@link #NOT_OWNED} files.
 */
public enum FileOwnership {
  /** Created by this store: deleted when its last reference goes. */
  OWNED,
  /**
   * Created by this store and since handed to a checkpoint: from then on only the checkpoint's
   * registry may delete it.
   */
  SHARED,
  /** Belongs to someone else (e.g. a checkpoint this store was restored from): never deleted. */
  NOT_OWNED
}
