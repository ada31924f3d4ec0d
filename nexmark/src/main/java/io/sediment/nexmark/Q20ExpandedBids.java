package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.operators.JoinInput;
import io.sediment.stream.operators.RegularJoin;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * q20, expand bid with auction: each bid joined with its auction, for auctions of category 10:
 * {@code <bid row>,<auction row>}. A {@link RegularJoin} keyed by auction id, bids on the left,
 * auctions on the right (each side's rows in list state; a pair is emitted when its later row
 * arrives). Auctions of other categories are dropped at the source, so their bids never join.
 */
final class Q20ExpandedBids implements Query {

  private static final long CATEGORY = 10;

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
            Operators.mapInput(
                RegularJoin.<Bid, Auction, Long, String>inner(
                    "q20-bids-auctions",
                    EventSerializers.bids(),
                    EventSerializers.auctions(),
                    Q20ExpandedBids::row),
                (Event e) ->
                    e instanceof Bid b
                        ? JoinInput.<Bid, Auction>left(b)
                        : JoinInput.<Bid, Auction>right((Auction) e)),
            MappedSink.inserts(output.rows())));
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
