package io.sediment.snapshot;

/**
 * Who owns a checkpoint's files after {@link Restore#open}, as in Flink's restore modes.
 *
 * <ul>
 *   <li>{@link #NO_CLAIM} (the default): the files stay the checkpoint storage's; the restored
 *       store reads them in place and never deletes them. The checkpoint may be restored again.
 *   <li>{@link #CLAIM}: the restored store takes the files over and deletes each once compaction
 *       made it obsolete. The checkpoint it came from (and any other checkpoint sharing its files)
 *       must not be restored again; discard it from its storage, which keeps the files the restored
 *       store still holds.
 * </ul>
 */
public enum RestoreMode {
  NO_CLAIM,
  CLAIM
}
