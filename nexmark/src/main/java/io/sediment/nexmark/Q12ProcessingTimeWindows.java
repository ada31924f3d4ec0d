package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.RuntimeSettings;
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
 * q12, processing-time windows: the number of bids of each bidder per tumbling window (10 s) of
 * processing time: {@code bidder, bids, window start, window end}. Keyed by bidder: a {@link
 * WindowOperator} on {@link WindowAssigner#tumblingProcessingTime} counting bids. A bid counts in
 * the window of the runtime's clock ({@link RuntimeSettings#clock()}) when the operator processes
 * it, and a window is emitted when the clock passes its end; the runtime fires no processing-time
 * timer after the input ends, so a window the clock has not passed by then is not emitted.
 *
 * <p>The reference models the clock by {@link QueryConfig#processingTime}: the time the clock shows
 * when each bid is processed.
 */
final class Q12ProcessingTimeWindows implements Query {

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
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(events, e -> e instanceof Bid),
            e -> ((Bid) e).bidder(),
            Serializers.longs(),
            Event::dateTime,
            WindowOperator.<Event, Long, Long, Long, String>aggregate(
                "q12-bids-per-bidder",
                WindowAssigner.tumblingProcessingTime(Duration.ofMillis(config.q12WindowMs())),
                new CountFunction<>(),
                (bidder, window, count) ->
                    bidder + "," + count + "," + window.start() + "," + window.end()),
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
