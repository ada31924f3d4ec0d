package io.sediment.lsm.internal.version;

/**
 * Told when a file first becomes part of a live version ({@link #adopted}) and when no live version
 * references it any more ({@link #release}), so the file's owner can close readers on it and, if
 * the store owns it, delete it. Called at most once per file, possibly from any thread that drops
 * the last reference (a reader closing an iterator, a compaction installing its edit).
 * Implementations must not throw: a file that cannot be deleted is garbage, not an error of the
 * operation that happened to release it.
 */
public interface FileReleaser {

  /** The file has no live version left. */
  void release(FileMetadata file);

  /**
   * The file was installed in a version for the first time (at open, or by a flush or compaction).
   * Called under the version set's lock: keep it short and free of I/O.
   */
  default void adopted(FileMetadata file) {}
}
