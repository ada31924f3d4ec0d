package io.sediment.stream;

/**
 * How records of consecutive epochs may overlap. In both modes an epoch's actions (firing timers,
 * emitting a watermark, taking a checkpoint) run once every record that arrived before the epoch
 * closed has finished, and epochs' actions run in the order the epochs closed.
 */
public enum EpochMode {
  /**
   * Closing an epoch waits (draining the mailbox) until the epoch's actions have run: no record
   * that arrives after a watermark or barrier starts before the records before it have finished.
   * Flink's default.
   */
  SERIAL_BETWEEN_EPOCHS,
  /**
   * Closing an epoch returns at once; records of the next epoch start while the closed one still
   * has records in flight, and its actions run when they finish. Per-key order still holds.
   */
  PARALLEL_BETWEEN_EPOCHS
}
