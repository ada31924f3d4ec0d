package io.sediment.nexmark;

import io.sediment.stream.MapState;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * q12, processing-time windows: the number of bids of each bidder per tumbling window (10 s) of
 * processing time: {@code bidder, bids, window start, window end}. Keyed by bidder: per window
 * start, the count in map state. Each bid counts in the window of the processing time at which the
 * operator sees it ({@link QueryConfig#processingTime}, the injected clock).
 *
 * <p>The runtime has event-time timers only, so a window's count is emitted when the input ends (an
 * event-time timer at the end of time, which the final watermark fires), not when the clock passes
 * the window's end: the counts are those of processing-time windows, their emission is at the end
 * of a bounded run.
 */
final class Q12ProcessingTimeWindows implements Query {

  private static final StateDescriptor<MapState<Long, Long>> COUNTS =
      StateDescriptor.map("q12-bids-per-window", Serializers.longs(), Serializers.longs());

  private final QueryConfig config;

  Q12ProcessingTimeWindows(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q12";
  }

  @Override
  public String description() {
    return "bids per bidder in processing-time tumbling windows";
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    long size = config.q12WindowMs();
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(events, e -> e instanceof Bid),
            e -> ((Bid) e).bidder(),
            Serializers.longs(),
            Event::dateTime,
            Operators.<Event, Long>of(
                List.of(COUNTS),
                ctx -> {
                  MapState<Long, Long> counts = ctx.state(COUNTS);
                  return new KeyedProcessor<>() {
                    @Override
                    public void process(Event event, long timestamp) {
                      long start =
                          Rows.tumbleStart(config.processingTime().applyAsLong((Bid) event), size);
                      counts
                          .get(start)
                          .thenAccept(
                              c -> {
                                if (c == null) {
                                  ctx.registerEventTimeTimer(Long.MAX_VALUE);
                                }
                                counts.put(start, c == null ? 1 : c + 1);
                              });
                    }

                    @Override
                    public void onTimer(long timestamp) {
                      long bidder = ctx.currentKey();
                      counts
                          .entries()
                          .thenCompose(
                              it ->
                                  it.onNext(
                                      e ->
                                          ctx.emit(
                                              bidder
                                                  + ","
                                                  + e.getValue()
                                                  + ","
                                                  + e.getKey()
                                                  + ","
                                                  + (e.getKey() + size))))
                          .thenAccept(done -> counts.clear());
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
    long size = config.q12WindowMs();
    Map<List<Long>, Long> counts =
        new TreeMap<>(
            (a, b) ->
                a.get(0).equals(b.get(0))
                    ? Long.compare(a.get(1), b.get(1))
                    : Long.compare(a.get(0), b.get(0)));
    for (Event e : events) {
      if (e instanceof Bid b) {
        long start = Rows.tumbleStart(config.processingTime().applyAsLong(b), size);
        counts.merge(List.of(b.bidder(), start), 1L, Long::sum);
      }
    }
    List<String> out = new ArrayList<>();
    counts.forEach(
        (k, n) -> out.add(k.get(0) + "," + n + "," + k.get(1) + "," + (k.get(1) + size)));
    return Rows.sorted(out);
  }
}
