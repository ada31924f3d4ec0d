package io.sediment.stream;

/** How an {@link ExecutionController} runs state access. */
public enum ExecutionMode {
  /**
   * State requests are buffered, sent in batches to an I/O thread, and their callbacks run later on
   * the task thread through the mailbox; records of different keys overlap.
   */
  ASYNC,
  /**
   * Every state request runs inline on the task thread and its callbacks run before the call that
   * issued it returns: one record at a time, with the same API (for tests, and for state that is
   * local and fast).
   */
  SYNC
}
