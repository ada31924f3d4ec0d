package io.sediment.nexmark;

import io.sediment.stream.ListState;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * q7, highest bid: the bids with the highest price of each tumbling window (10 s): {@code auction,
 * price, bidder, dateTime, extra}. Keyed by window start: the highest price so far in value state,
 * the bids at that price in list state; an event-time timer at the window's end emits them.
 */
final class Q7HighestBid implements Query {

  private static final StateDescriptor<ValueState<Long>> MAX =
      StateDescriptor.value("q7-max-price", Serializers.longs());
  private static final StateDescriptor<ListState<Bid>> TOP =
      StateDescriptor.list("q7-top-bids", EventSerializers.bids());

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
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(events, e -> e instanceof Bid),
            e -> Rows.tumbleStart(e.dateTime(), size),
            Serializers.longs(),
            Event::dateTime,
            Operators.<Event, Long>of(
                List.of(MAX, TOP),
                ctx -> {
                  ValueState<Long> max = ctx.state(MAX);
                  ListState<Bid> top = ctx.state(TOP);
                  return new KeyedProcessor<>() {
                    @Override
                    public void process(Event event, long timestamp) {
                      Bid bid = (Bid) event;
                      max.value()
                          .thenAccept(
                              m -> {
                                if (m == null || bid.price() > m) {
                                  if (m == null) {
                                    ctx.registerEventTimeTimer(ctx.currentKey() + size - 1);
                                  }
                                  max.update(bid.price());
                                  top.update(List.of(bid));
                                } else if (bid.price() == m) {
                                  top.add(bid);
                                }
                              });
                    }

                    @Override
                    public void onTimer(long timestamp) {
                      top.get()
                          .thenAccept(
                              bids -> {
                                if (bids != null) {
                                  bids.forEach(b -> ctx.emit(row(b)));
                                }
                                top.clear();
                                max.clear();
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
