package io.sediment.nexmark;

import io.sediment.stream.MapState;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * q5, hot items: per sliding window (10 s every 2 s), the auctions with the most bids: {@code
 * auction, bids, window start}. The source repeats each bid once per window it falls in; the job is
 * keyed by window, with the bid count of each auction in map state; an event-time timer at the
 * window's end scans the map and emits every auction with the highest count (ties included), then
 * clears it.
 */
final class Q5HotItems implements Query {

  private static final StateDescriptor<MapState<Long, Long>> COUNTS =
      StateDescriptor.map("q5-bids-per-auction", Serializers.longs(), Serializers.longs());

  private final QueryConfig config;

  Q5HotItems(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q5";
  }

  @Override
  public String description() {
    return "auctions with the most bids per sliding window (hot items)";
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    long lag = config.outOfOrdernessMs() + 1;
    return Query.staged(
        new JobDefinition<>(
            new HopExpansion(events, config.hopSizeMs(), config.hopSlideMs()),
            WindowedBid::start,
            Serializers.longs(),
            w -> w.bid().dateTime() - lag,
            Operators.<WindowedBid, Long>of(
                List.of(COUNTS),
                ctx -> {
                  MapState<Long, Long> counts = ctx.state(COUNTS);
                  return new KeyedProcessor<>() {
                    @Override
                    public void process(WindowedBid w, long timestamp) {
                      long auction = w.bid().auction();
                      counts
                          .get(auction)
                          .thenAccept(
                              c -> {
                                if (c == null) {
                                  ctx.registerEventTimeTimer(w.maxTimestamp());
                                }
                                counts.put(auction, c == null ? 1 : c + 1);
                              });
                    }

                    @Override
                    public void onTimer(long timestamp) {
                      long start = ctx.currentKey();
                      List<long[]> all = new ArrayList<>();
                      counts
                          .entries()
                          .thenCompose(
                              it -> it.onNext(e -> all.add(new long[] {e.getKey(), e.getValue()})))
                          .thenAccept(
                              done -> {
                                long max = 0;
                                for (long[] a : all) {
                                  max = Math.max(max, a[1]);
                                }
                                for (long[] a : all) {
                                  if (a[1] == max) {
                                    ctx.emit(a[0] + "," + a[1] + "," + start);
                                  }
                                }
                                counts.clear();
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
    Map<Long, Map<Long, Long>> windows = new TreeMap<>();
    long slide = config.hopSlideMs();
    long size = config.hopSizeMs();
    for (Event e : events) {
      if (e instanceof Bid b) {
        for (long s = HopExpansion.lastStart(b.dateTime(), slide);
            s > b.dateTime() - size;
            s -= slide) {
          windows.computeIfAbsent(s, k -> new HashMap<>()).merge(b.auction(), 1L, Long::sum);
        }
      }
    }
    List<String> out = new ArrayList<>();
    windows.forEach(
        (start, counts) -> {
          long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
          counts.forEach(
              (auction, n) -> {
                if (n == max) {
                  out.add(auction + "," + n + "," + start);
                }
              });
        });
    return Rows.sorted(out);
  }
}
