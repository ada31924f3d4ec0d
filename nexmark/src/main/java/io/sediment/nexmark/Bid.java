package io.sediment.nexmark;

import java.util.Comparator;

/**
 * A bid on an auction (Nexmark's {@code bid}).
 *
 * @param auction the id of the auction bid on
 * @param bidder the id of the bidding person
 * @param price the bid, in cents
 * @param channel the channel the bid came through
 * @param url the page the bid was made on
 * @param dateTime when the bid was made (event time, ms)
 * @param extra padding to reach Nexmark's average event size
 */
public record Bid(
    long auction, long bidder, long price, String channel, String url, long dateTime, String extra)
    implements Event {

  /**
   * A total order of bids, the highest price first, then the earlier, then by the remaining fields:
   * queries that rank bids (top-N, latest bid) break ties with it, so their results do not depend
   * on the order in which equal bids arrive.
   */
  public static final Comparator<Bid> BY_PRICE_DESCENDING =
      Comparator.comparingLong(Bid::price)
          .reversed()
          .thenComparingLong(Bid::dateTime)
          .thenComparingLong(Bid::bidder)
          .thenComparingLong(Bid::auction)
          .thenComparing(Bid::channel)
          .thenComparing(Bid::url)
          .thenComparing(Bid::extra);

  /**
   * A total order of bids by event time, then by the remaining fields: the latest bid of a key is
   * the greatest.
   */
  public static final Comparator<Bid> BY_TIME =
      Comparator.comparingLong(Bid::dateTime)
          .thenComparingLong(Bid::price)
          .thenComparingLong(Bid::bidder)
          .thenComparingLong(Bid::auction)
          .thenComparing(Bid::channel)
          .thenComparing(Bid::url)
          .thenComparing(Bid::extra);

  @Override
  public String toRow() {
    return auction + "," + bidder + "," + price + "," + channel + "," + url + "," + dateTime + ","
        + extra;
  }
}
