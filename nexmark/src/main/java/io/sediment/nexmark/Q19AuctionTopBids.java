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
 * q19, auction top-10 price: the 10 highest bids of each auction with their rank. Keyed by auction:
 * the top bids in value state, ordered by {@link Bid#BY_PRICE_DESCENDING} (which also orders bids
 * of equal price). A bid that enters the top emits {@code +,<bid row>}, the bid it pushes out
 * {@code -,<bid row>}: the changelog of the top-N table. {@link #result} replays it and ranks the
 * final top: {@code <bid row>,rank}.
 */
final class Q19AuctionTopBids implements Query {

  static final int N = 10;

  private static final StateDescriptor<ValueState<List<Bid>>> TOP =
      StateDescriptor.value("q19-top-bids", Codecs.bidLists());

  private final QueryConfig config;

  Q19AuctionTopBids(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q19";
  }

  @Override
  public String description() {
    return "the 10 highest bids of each auction (top-N)";
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(events, e -> e instanceof Bid),
            e -> ((Bid) e).auction(),
            Serializers.longs(),
            Event::dateTime,
            Operators.<Event, Long>of(
                List.of(TOP),
                ctx -> {
                  ValueState<List<Bid>> top = ctx.state(TOP);
                  return (event, timestamp) -> {
                    Bid bid = (Bid) event;
                    top.value()
                        .thenAccept(
                            old -> {
                              List<Bid> bids =
                                  old == null ? new ArrayList<>() : new ArrayList<>(old);
                              int at = 0;
                              while (at < bids.size()
                                  && Bid.BY_PRICE_DESCENDING.compare(bids.get(at), bid) < 0) {
                                at++;
                              }
                              if (at >= N) {
                                return;
                              }
                              bids.add(at, bid);
                              ctx.emit("+," + bid.toRow());
                              if (bids.size() > N) {
                                ctx.emit("-," + bids.remove(N).toRow());
                              }
                              top.update(bids);
                            });
                  };
                }),
            output.rows()));
  }

  @Override
  public List<String> result(List<String> rows) {
    Map<Long, List<Bid>> tops = new HashMap<>();
    for (String row : rows) {
      String[] f = Rows.fields(row);
      Bid b = Rows.bid(f, 1);
      List<Bid> top = tops.computeIfAbsent(b.auction(), k -> new ArrayList<>());
      if (f[0].equals("+")) {
        top.add(b);
      } else if (!top.remove(b)) {
        throw new IllegalArgumentException("a retraction of a bid not in the top: " + row);
      }
    }
    return ranked(tops);
  }

  @Override
  public List<String> reference(List<Event> events) {
    Map<Long, List<Bid>> tops = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Bid b) {
        tops.computeIfAbsent(b.auction(), k -> new ArrayList<>()).add(b);
      }
    }
    return ranked(tops);
  }

  private static List<String> ranked(Map<Long, List<Bid>> tops) {
    List<String> out = new ArrayList<>();
    for (List<Bid> bids : tops.values()) {
      bids.sort(Bid.BY_PRICE_DESCENDING);
      for (int i = 0; i < Math.min(N, bids.size()); i++) {
        out.add(bids.get(i).toRow() + "," + (i + 1));
      }
    }
    return Rows.sorted(out);
  }
}
