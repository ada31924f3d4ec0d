package io.sediment.fuzz;

/**
 * The kinds of op the {@link OpGenerator} chooses between, each with a weight in {@link
 * GeneratorConfig}. Reads at a snapshot are their own kinds so that their share can be tuned.
 */
public enum OpKind {
  PUT,
  DELETE,
  DELETE_RANGE,
  MERGE,
  BATCH,
  GET,
  MULTI_GET,
  GET_ASYNC,
  SCAN,
  SEEK,
  SNAPSHOT,
  SNAPSHOT_GET,
  SNAPSHOT_SCAN,
  RELEASE,
  FLUSH,
  COMPACT,
  REOPEN,
  CRASH,
  /** Takes the next checkpoint. */
  CHECKPOINT,
  /** Discards a random retained checkpoint (a checkpoint is taken when none is retained). */
  DISCARD,
  /** Restores a random restorable checkpoint (a checkpoint is taken when none is restorable). */
  RESTORE,
  /** Collects the checkpoint storage's garbage. */
  COLLECT,
  /**
   * Closes the store, discards a random retained checkpoint and collects garbage while it is
   * closed, then reopens the store with plain {@code Db.open} (a checkpoint is taken when none is
   * retained).
   */
  OFFLINE_DISCARD,
  /**
   * Rescales a store that declares key groups (see {@link GeneratorConfig#withKeyGroups}): splits
   * its key groups into parts and goes on with one, or merges a parked neighbour back.
   */
  RESCALE
}
