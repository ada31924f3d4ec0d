package io.sediment.snapshot;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A restored store's lease on the files of the checkpoint it was restored from, kept under the
 * checkpoint storage's root so that a storage in any process sees it: while a checkpoint has a
 * lease, discarding it keeps its files (the checkpoint is <em>held</em>: no longer retained, not
 * restorable, but not deleted).
 *
 * <p>{@link Restore} takes the lease before the store's first manifest exists and gives it back
 * when the store closes, or earlier once the store no longer holds any of the checkpoint's files. A
 * lease whose holder crashed stays until {@link CheckpointStorage#expireLeases} removes it.
 *
 * @param checkpointId the checkpoint whose files are leased
 * @param holder URI of the restored store's directory
 * @param process the holder's process, as {@code pid@host}
 * @param acquired when the lease was taken, by the restoring process's clock (kept to the
 *     millisecond, as stored)
 */
public record CheckpointLease(long checkpointId, String holder, String process, Instant acquired) {

  /**
   * @throws IllegalArgumentException for a negative id, an empty holder, or a null field
   */
  public CheckpointLease {
    if (checkpointId < 0) {
      throw new IllegalArgumentException("checkpoint id must not be negative: " + checkpointId);
    }
    if (holder == null || holder.isEmpty() || process == null || acquired == null) {
      throw new IllegalArgumentException(
          "holder must not be empty, process and time not null: "
              + holder
              + ", "
              + process
              + ", "
              + acquired);
    }
    acquired = acquired.truncatedTo(ChronoUnit.MILLIS);
  }
}
