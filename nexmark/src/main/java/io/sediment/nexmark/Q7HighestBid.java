package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import io.sediment.stream.window.WindowAssigner;
import io.sediment.stream.window.WindowOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * q7, highest bid: the bids with the highest price of each tumbling window (10 s): {@code auction,
 * price, bidder, dateTime, extra}. One job of two stages on tumbling event-time {@link
 * WindowOperator}s, both aggregating with {@link MaxPriceBids}:
 *
 * <ol>
 *   <li>keyed by auction: the auction's highest bids of each window, emitted with the window's
 *       start when the watermark passes its end;
 *   <li>keyed by window start, each partial result with the window's last millisecond as its time
 *       (so it falls in the same tumbling window): the highest bids over all auctions, emitted as
 *       rows (every bid at the highest price, ties included).
 * </ol>
 */
final class Q7HighestBid implements Query {

  /** The highest bids of one auction (or of all) in the window starting at {@code start}. */
  record WindowBids(long start, List<Bid> bids) {}

  private final QueryConfig config;

  Q7HighestBid(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q7";
  }

  @Override
  public String description() {
    return "the highest bids of each tumbling window";
  }

  static String row(Bid b) {
    return b.auction() + "," + b.price() + "," + b.bidder() + "," + b.dateTime() + "," + b.extra();
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    long size = config.tumbleMs();
    WindowAssigner tumble = WindowAssigner.tumblingEventTime(Duration.ofMillis(size));
    return StagedJob.from(new FilteredSource<>(events, e -> e instanceof Bid))
        .watermarks(config.watermarks())
        .stage(
            e -> ((Bid) e).auction(),
            Serializers.longs(),
            Event::dateTime,
            WindowOperator.<Event, Long, List<Bid>, List<Bid>, WindowBids>aggregate(
                "q7-auction-max",
                tumble,
                new MaxPriceBids<>(e -> List.of((Bid) e)),
                (auction, window, bids) -> new WindowBids(window.start(), bids)))
        .stage(
            WindowBids::start,
            Serializers.longs(),
            w -> w.start() + size - 1,
            WindowOperator.<WindowBids, Long, List<Bid>, List<Bid>, List<String>>aggregate(
                "q7-window-max",
                tumble,
                new MaxPriceBids<>(WindowBids::bids),
                (start, window, bids) -> {
                  List<String> rows = new ArrayList<>(bids.size());
                  bids.forEach(b -> rows.add(row(b)));
                  return rows;
                }))
        .into(MappedSink.rowLists(output.rows()));
  }

  @Override
  public List<String> result(List<String> rows) {
    return Rows.sorted(rows);
  }

  @Override
  public List<String> reference(List<Event> events) {
    Map<Long, List<Bid>> windows = new TreeMap<>();
    for (Event e : events) {
      if (e instanceof Bid b) {
        windows
            .computeIfAbsent(
                Rows.tumbleStart(b.dateTime(), config.tumbleMs()), k -> new ArrayList<>())
            .add(b);
      }
    }
    List<String> out = new ArrayList<>();
    for (List<Bid> bids : windows.values()) {
      long max = bids.stream().mapToLong(Bid::price).max().orElseThrow();
      bids.stream().filter(b -> b.price() == max).forEach(b -> out.add(row(b)));
    }
    return Rows.sorted(out);
  }
}
