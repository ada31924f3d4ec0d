package io.sediment.nexmark;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Nexmark queries this module runs, by name. */
public final class Queries {

  /** The names, in order. */
  public static final List<String> NAMES =
      List.of("q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8", "q12", "q17", "q18", "q19", "q20");

  private static final BigDecimal DOLLAR_TO_EURO = new BigDecimal("0.908");

  private Queries() {}

  /**
   * Query {@code name} with {@code config}.
   *
   * @throws IllegalArgumentException if there is no such query or {@code config} is null
   */
  public static Query of(String name, QueryConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    Query q = all(config).get(name);
    if (q == null) {
      throw new IllegalArgumentException("no query " + name + "; the queries are " + NAMES);
    }
    return q;
  }

  /** Every query with {@code config}, by name, in order. */
  public static Map<String, Query> all(QueryConfig config) {
    Map<String, Query> out = new LinkedHashMap<>();
    out.put("q0", new BidMapQuery("q0", "pass-through of every bid (no state)", b -> b.toRow()));
    out.put(
        "q1",
        new BidMapQuery(
            "q1",
            "bids with the price converted from dollars to euros (no state)",
            b ->
                b.auction()
                    + ","
                    + b.bidder()
                    + ","
                    + DOLLAR_TO_EURO.multiply(BigDecimal.valueOf(b.price())).toPlainString()
                    + ","
                    + b.dateTime()
                    + ","
                    + b.extra()));
    long modulo = config.q2Modulo();
    out.put(
        "q2",
        new BidMapQuery(
            "q2",
            "bids on auctions whose id is a multiple of " + modulo + " (no state)",
            b -> b.auction() % modulo == 0 ? b.auction() + "," + b.price() : null));
    out.put("q3", new Q3LocalItemSuggestion(config));
    out.put("q4", new Q4AveragePriceByCategory(config));
    out.put("q5", new Q5HotItems(config));
    out.put("q7", new Q7HighestBid(config));
    out.put("q8", new Q8MonitorNewUsers(config));
    out.put("q12", new Q12ProcessingTimeWindows(config));
    out.put("q17", new Q17AuctionDailyStats(config));
    out.put("q18", new Q18LastBid(config));
    out.put("q19", new Q19AuctionTopBids(config));
    out.put("q20", new Q20ExpandedBids(config));
    return out;
  }
}
