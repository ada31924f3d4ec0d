package io.sediment.fs;

/** What dropping one reference to a physical file led to (see {@link FileRegistry}). */
public enum ReleaseOutcome {
  /** Other references remain; nothing happened to the file. */
  STILL_REFERENCED,
  /** That was the last reference; the file is not owned, so it was forgotten and kept. */
  FORGOTTEN_KEPT,
  /** That was the last reference to an owned file; it was deleted (or was already gone). */
  DELETED,
  /**
   * That was the last reference to an owned file but deleting it failed; the failure went to the
   * registry's listener and the file is forgotten (it is garbage for a later cleanup to find).
   */
  DELETE_FAILED
}
