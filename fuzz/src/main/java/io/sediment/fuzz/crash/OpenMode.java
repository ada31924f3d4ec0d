package io.sediment.fuzz.crash;

/** How a {@link CrashWorkload} gets its store before running ops. */
public enum OpenMode {
  /** A new, empty store (the workload starts at op 0). */
  FRESH,
  /**
   * The store the previous, killed workload wrote, opened again from its own directory (the
   * recovery path: manifests, and the write-ahead log when on), continuing from the op count the
   * parent found in it.
   */
  REOPEN,
  /** A new store restored from a retained checkpoint (no claim): the stream processor's path. */
  RESTORE
}
