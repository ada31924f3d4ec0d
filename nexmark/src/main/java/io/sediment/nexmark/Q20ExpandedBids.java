package io.sediment.nexmark;

import io.sediment.stream.ListState;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * q20, expand bid with auction: each bid joined with its auction, for auctions of category 10:
 * {@code <bid row>,<auction row>}. An unbounded inner join keyed by auction id: the auction in
 * value state, bids that came before it in list state (an auction appears once, so bids after it
 * are joined at once). Auctions of other categories are dropped at the source.
 */
final class Q20ExpandedBids implements Query {

  private static final long CATEGORY = 10;

  private static final StateDescriptor<ValueState<Auction>> AUCTION =
      StateDescriptor.value("q20-auction", EventSerializers.auctions());
  private static final StateDescriptor<ListState<Bid>> BIDS =
      StateDescriptor.list("q20-bids", EventSerializers.bids());

  private final QueryConfig config;

  Q20ExpandedBids(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q20";
  }

  @Override
  public String description() {
    return "bids joined with their auction, for auctions of category 10";
  }

  static String row(Bid b, Auction a) {
    return b.toRow() + "," + a.toRow();
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(
                events,
                e -> e instanceof Bid || (e instanceof Auction a && a.category() == CATEGORY)),
            e -> e instanceof Auction a ? a.id() : ((Bid) e).auction(),
            Serializers.longs(),
            Event::dateTime,
            Operators.<Event, Long>of(
                List.of(AUCTION, BIDS),
                ctx -> {
                  ValueState<Auction> auction = ctx.state(AUCTION);
                  ListState<Bid> bids = ctx.state(BIDS);
                  return (event, timestamp) -> {
                    if (event instanceof Auction a) {
                      auction.update(a);
                      bids.get()
                          .thenAccept(
                              waiting -> {
                                if (waiting != null && !waiting.isEmpty()) {
                                  waiting.forEach(b -> ctx.emit(row(b, a)));
                                  bids.clear();
                                }
                              });
                    } else {
                      Bid b = (Bid) event;
                      auction
                          .value()
                          .thenAccept(
                              a -> {
                                if (a != null) {
                                  ctx.emit(row(b, a));
                                } else {
                                  bids.add(b);
                                }
                              });
                    }
                  };
                }),
            output.rows()));
  }

  @Override
  public List<String> result(List<String> rows) {
    return Rows.sorted(rows);
  }

  @Override
  public List<String> reference(List<Event> events) {
    Map<Long, Auction> auctions = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Auction a && a.category() == CATEGORY) {
        auctions.put(a.id(), a);
      }
    }
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      if (e instanceof Bid b && auctions.containsKey(b.auction())) {
        out.add(row(b, auctions.get(b.auction())));
      }
    }
    return Rows.sorted(out);
  }
}
