package io.sediment.nexmark;

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
 * q18, find last bid: the latest bid of each bidder on each auction (deduplication keeping the last
 * row by event time): the bid's row. Keyed by bidder and auction: the latest bid in value state; a
 * bid later than it (by {@link Bid#BY_TIME}, which also orders bids of the same millisecond)
 * replaces it and is emitted (an update of the SQL result; the final table holds the latest).
 */
final class Q18LastBid implements Query {

  private static final StateDescriptor<ValueState<Bid>> LAST =
      StateDescriptor.value("q18-last-bid", EventSerializers.bids());

  private final QueryConfig config;

  Q18LastBid(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q18";
  }

  @Override
  public String description() {
    return "the last bid of each bidder on each auction (deduplication)";
  }

  private static String key(Bid b) {
    return b.bidder() + "," + b.auction();
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(events, e -> e instanceof Bid),
            e -> key((Bid) e),
            Serializers.string(),
            Event::dateTime,
            Operators.<Event, String>of(
                List.of(LAST),
                ctx -> {
                  ValueState<Bid> last = ctx.state(LAST);
                  return (event, timestamp) -> {
                    Bid bid = (Bid) event;
                    last.value()
                        .thenAccept(
                            old -> {
                              if (old == null || Bid.BY_TIME.compare(bid, old) > 0) {
                                last.update(bid);
                                ctx.emit(bid.toRow());
                              }
                            });
                  };
                }),
            output.rows()));
  }

  @Override
  public List<String> result(List<String> rows) {
    Map<String, Bid> latest = new HashMap<>();
    for (String row : rows) {
      Bid b = Rows.bid(Rows.fields(row), 0);
      latest.merge(key(b), b, (x, y) -> Bid.BY_TIME.compare(x, y) >= 0 ? x : y);
    }
    return rows(latest);
  }

  @Override
  public List<String> reference(List<Event> events) {
    Map<String, Bid> latest = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Bid b) {
        latest.merge(key(b), b, (x, y) -> Bid.BY_TIME.compare(x, y) >= 0 ? x : y);
      }
    }
    return rows(latest);
  }

  private static List<String> rows(Map<String, Bid> latest) {
    List<String> out = new ArrayList<>();
    latest.values().forEach(b -> out.add(b.toRow()));
    return Rows.sorted(out);
  }
}
