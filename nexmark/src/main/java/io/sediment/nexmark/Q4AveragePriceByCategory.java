package io.sediment.nexmark;

import io.sediment.stream.ListState;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.operators.GroupAggregate;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * q4, average price by category: the average winning price (the highest bid made between an
 * auction's opening and its close) of the closed auctions of each category. One job of two stages,
 * as Flink plans it:
 *
 * <ol>
 *   <li>keyed by auction id: the auction in value state, its highest valid bid in value state, bids
 *       that came before their auction in list state; an event-time timer at the auction's close
 *       emits {@code auction, category, winning price, close} and leaves a closed mark, so that
 *       later bids are dropped;
 *   <li>keyed by category: a {@link GroupAggregate} of count and sum, whose changelog ({@code +I},
 *       then {@code -U}/{@code +U} per changed average) goes into a table keyed by category.
 * </ol>
 *
 * The table, {@code category, average}, is the result. The average is integral, as SQL's {@code
 * AVG} of a {@code BIGINT}.
 */
final class Q4AveragePriceByCategory implements Query {

  private static final StateDescriptor<ValueState<Auction>> AUCTION =
      StateDescriptor.value("q4-auction", EventSerializers.auctions());
  private static final StateDescriptor<ValueState<Long>> BEST =
      StateDescriptor.value("q4-best", Serializers.longs());
  private static final StateDescriptor<ValueState<Long>> CLOSED =
      StateDescriptor.value("q4-closed", Serializers.longs());
  private static final StateDescriptor<ListState<Bid>> EARLY =
      StateDescriptor.list("q4-early-bids", EventSerializers.bids());

  private final QueryConfig config;

  Q4AveragePriceByCategory(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q4";
  }

  @Override
  public String description() {
    return "average winning price per category (auction-bid join, then aggregation)";
  }

  static boolean valid(Auction a, Bid b) {
    return b.dateTime() >= a.dateTime() && b.dateTime() <= a.expires();
  }

  /** A table keyed by category: {@code category, average}. */
  @Override
  public QueryOutput output(String uri, Configuration conf) throws IOException {
    return QueryOutput.table(uri, conf, row -> Rows.fields(row)[0]);
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    return StagedJob.from(
            new FilteredSource<>(events, e -> e instanceof Auction || e instanceof Bid))
        .stage(
            e -> e instanceof Auction a ? a.id() : ((Bid) e).auction(),
            Serializers.longs(),
            Event::dateTime,
            Operators.<Event, Long>of(
                List.of(AUCTION, BEST, CLOSED, EARLY), Q4AveragePriceByCategory::winningBids))
        .stage(
            (String row) -> Long.parseLong(Rows.fields(row)[1]),
            Serializers.longs(),
            row -> Long.parseLong(Rows.fields(row)[3]),
            new GroupAggregate<String, Long, long[], String>(
                "q4-category-totals",
                Codecs.longArrays(),
                new long[2],
                (t, row) -> new long[] {t[0] + 1, t[1] + Long.parseLong(Rows.fields(row)[2])},
                (category, t) -> category + "," + t[1] / t[0]))
        .into(output.changes());
  }

  private static KeyedProcessor<Event> winningBids(OperatorContext<Long, String> ctx) {
    ValueState<Auction> auction = ctx.state(AUCTION);
    ValueState<Long> best = ctx.state(BEST);
    ValueState<Long> closed = ctx.state(CLOSED);
    ListState<Bid> early = ctx.state(EARLY);
    return new KeyedProcessor<>() {
      @Override
      public void process(Event event, long timestamp) {
        if (event instanceof Auction a) {
          auction.update(a);
          ctx.registerEventTimeTimer(a.expires());
          early
              .get()
              .thenCombine(
                  best.value(),
                  (bids, b) -> {
                    long max = b == null ? Long.MIN_VALUE : b;
                    if (bids != null) {
                      for (Bid bid : bids) {
                        if (valid(a, bid)) {
                          max = Math.max(max, bid.price());
                        }
                      }
                    }
                    return max;
                  })
              .thenAccept(
                  max -> {
                    if (max != Long.MIN_VALUE) {
                      best.update(max);
                    }
                    early.clear();
                  });
          return;
        }
        Bid bid = (Bid) event;
        closed
            .value()
            .thenCombine(auction.value(), (c, a) -> c != null ? null : a == null ? bid : a)
            .thenAccept(
                open -> {
                  if (open instanceof Bid) {
                    early.add(bid);
                  } else if (open instanceof Auction a && valid(a, bid)) {
                    best.value()
                        .thenAccept(
                            b -> {
                              if (b == null || bid.price() > b) {
                                best.update(bid.price());
                              }
                            });
                  }
                });
      }

      @Override
      public void onTimer(long timestamp) {
        auction
            .value()
            .thenCombine(
                best.value(),
                (a, b) -> {
                  if (a != null && b != null) {
                    ctx.emit(a.id() + "," + a.category() + "," + b + "," + a.expires());
                  }
                  return a;
                })
            .thenAccept(
                a -> {
                  auction.clear();
                  best.clear();
                  closed.update(1L);
                });
      }
    };
  }

  @Override
  public List<String> result(List<String> committed) {
    return Rows.sorted(committed);
  }

  @Override
  public List<String> reference(List<Event> events) {
    Map<Long, Auction> auctions = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Auction a) {
        auctions.put(a.id(), a);
      }
    }
    Map<Long, Long> winning = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Bid b
          && auctions.containsKey(b.auction())
          && valid(auctions.get(b.auction()), b)) {
        winning.merge(b.auction(), b.price(), Math::max);
      }
    }
    Map<Long, long[]> byCategory = new TreeMap<>();
    winning.forEach(
        (id, price) -> {
          long[] t = byCategory.computeIfAbsent(auctions.get(id).category(), c -> new long[2]);
          t[0]++;
          t[1] += price;
        });
    List<String> out = new ArrayList<>();
    byCategory.forEach((c, t) -> out.add(c + "," + t[1] / t[0]));
    return Rows.sorted(out);
  }
}
