package io.sediment.nexmark;

/**
 * One Nexmark event: a new {@link Person}, a new {@link Auction} or a {@link Bid}. The three kinds
 * share one stream, as in Nexmark, so that a query can join them.
 */
public sealed interface Event permits Person, Auction, Bid {

  /** The event time, in milliseconds since the epoch. */
  long dateTime();

  /** The event as a comma-separated row of its fields, in schema order. */
  String toRow();
}
