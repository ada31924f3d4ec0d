package io.sediment.fuzz.crash;

/** How a {@link CrashWorkload} gets its store before running ops. */
public enum OpenMode {
  /** A new, empty store (the workload starts at op 0). */
  FRESH,
  /**
   * The store the previous, killed workload wrote, opened again from its own directory: the
   * write-ahead log recovery path. Only for stores with the WAL, whose acknowledged writes survive.
   */
  REOPEN,
  /** A new store restored from a retained checkpoint (no claim): the stream processor's path. */
  RESTORE
}
