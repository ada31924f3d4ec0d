package io.sediment.nexmark;

/**
 * How the {@link EventGenerator} draws events. The proportions are Nexmark's (per 50 events: 1
 * person, 3 auctions, 46 bids) and fixed; the rest follows Nexmark's generator configuration.
 *
 * @param seed every draw derives from it: the same seed gives the same events
 * @param eventsPerSecond events per second of event time (the inter-event delay is its inverse)
 * @param baseTime the event time of event 0, ms since the epoch
 * @param outOfOrdernessMs each event's time lies up to this many ms before its place in the
 *     sequence, so events arrive out of order by at most this bound (0: in order)
 * @param hotAuctionRatio a bid goes to the current hot auction with probability {@code (ratio - 1)
 *     / ratio}, else to a recent auction
 * @param hotSellerRatio an auction's seller is the current hot seller with probability {@code
 *     (ratio - 1) / ratio}, else a recent person
 * @param hotBidderRatio a bid's bidder is the current hot bidder with probability {@code (ratio -
 *     1) / ratio}, else a recent person
 * @param activePeople how many of the latest persons a non-hot reference picks from
 * @param inFlightAuctions how many of the latest auctions a non-hot bid picks from; also sets the
 *     auction durations (an auction lasts about as long as the time this many auctions take to
 *     open)
 */
public record GeneratorConfig(
    long seed,
    long eventsPerSecond,
    long baseTime,
    long outOfOrdernessMs,
    int hotAuctionRatio,
    int hotSellerRatio,
    int hotBidderRatio,
    int activePeople,
    int inFlightAuctions) {

  /** Nexmark's default rate. */
  public static final long DEFAULT_EVENTS_PER_SECOND = 10_000;

  /** 2026-01-01T00:00:00Z: the event time of event 0 by default. */
  public static final long DEFAULT_BASE_TIME = 1_767_225_600_000L;

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming a value out of range
   */
  public GeneratorConfig {
    if (eventsPerSecond < 1 || eventsPerSecond > 1_000_000_000L) {
      throw new IllegalArgumentException("eventsPerSecond must be in [1, 1e9]: " + eventsPerSecond);
    }
    if (baseTime < 0) {
      throw new IllegalArgumentException("baseTime must not be negative: " + baseTime);
    }
    if (outOfOrdernessMs < 0 || outOfOrdernessMs > 3_600_000) {
      throw new IllegalArgumentException(
          "outOfOrdernessMs must be in [0, 3600000]: " + outOfOrdernessMs);
    }
    if (hotAuctionRatio < 1 || hotSellerRatio < 1 || hotBidderRatio < 1) {
      throw new IllegalArgumentException(
          "hot ratios must be at least 1: "
              + hotAuctionRatio
              + ", "
              + hotSellerRatio
              + ", "
              + hotBidderRatio);
    }
    if (activePeople < 1 || inFlightAuctions < 1) {
      throw new IllegalArgumentException(
          "activePeople and inFlightAuctions must be at least 1: "
              + activePeople
              + ", "
              + inFlightAuctions);
    }
  }

  /**
   * Nexmark's defaults with {@code seed}: 10,000 events/s, hot ratios 2 (auctions), 4 (sellers), 4
   * (bidders), 1,000 active people, 100 auctions in flight, in order.
   */
  public static GeneratorConfig defaults(long seed) {
    return new GeneratorConfig(
        seed, DEFAULT_EVENTS_PER_SECOND, DEFAULT_BASE_TIME, 0, 2, 4, 4, 1000, 100);
  }

  /** This configuration at {@code eventsPerSecond}. */
  public GeneratorConfig withEventsPerSecond(long eventsPerSecond) {
    return new GeneratorConfig(
        seed,
        eventsPerSecond,
        baseTime,
        outOfOrdernessMs,
        hotAuctionRatio,
        hotSellerRatio,
        hotBidderRatio,
        activePeople,
        inFlightAuctions);
  }

  /** This configuration with events out of order by up to {@code outOfOrdernessMs}. */
  public GeneratorConfig withOutOfOrderness(long outOfOrdernessMs) {
    return new GeneratorConfig(
        seed,
        eventsPerSecond,
        baseTime,
        outOfOrdernessMs,
        hotAuctionRatio,
        hotSellerRatio,
        hotBidderRatio,
        activePeople,
        inFlightAuctions);
  }

  /** The event time of event {@code index} before any out-of-order shift, ms. */
  public long timestampOf(long index) {
    return baseTime + index * 1000L / eventsPerSecond;
  }
}
