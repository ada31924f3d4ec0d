package io.sediment.nexmark;

/**
 * A bid in one window.
 *
 * @param start the window's start (inclusive), ms
 * @param size the window's length, ms
 * @param bid the bid
 */
record WindowedBid(long start, long size, Bid bid) {

  /** The window's last millisecond: its timer fires when the watermark reaches it. */
  long maxTimestamp() {
    return start + size - 1;
  }
}
