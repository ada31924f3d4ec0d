package io.sediment.nexmark;

/**
 * An item put up for auction (Nexmark's {@code auction}).
 *
 * @param id the auction's id
 * @param itemName the item's name
 * @param description the item's description
 * @param initialBid the opening price
 * @param reserve the lowest price the seller accepts
 * @param dateTime when the auction opened (event time, ms)
 * @param expires when it closes (event time, ms)
 * @param seller the id of the selling person
 * @param category the item's category, 10 to 14
 * @param extra padding to reach Nexmark's average event size
 */
public record Auction(
    long id,
    String itemName,
    String description,
    long initialBid,
    long reserve,
    long dateTime,
    long expires,
    long seller,
    long category,
    String extra)
    implements Event {

  @Override
  public String toRow() {
    return id
        + ","
        + itemName
        + ","
        + description
        + ","
        + initialBid
        + ","
        + reserve
        + ","
        + dateTime
        + ","
        + expires
        + ","
        + seller
        + ","
        + category
        + ","
        + extra;
  }
}
