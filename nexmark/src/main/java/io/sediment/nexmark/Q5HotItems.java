package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import io.sediment.stream.window.WindowAssigner;
import io.sediment.stream.window.WindowOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * q5, hot items: per sliding window (10 s every 2 s), the auctions with the most bids: {@code
 * auction, bids, window start}. Flink's two-stage plan, as one job:
 *
 * <ol>
 *   <li>keyed by auction: a sliding event-time {@link WindowOperator} counting bids (an aggregate,
 *       one accumulator per auction and window), emitting {@code auction, bids, window start} when
 *       the watermark passes the window's end;
 *   <li>keyed by window start, each count with the window's last millisecond as its time: the
 *       highest count and the auctions that have it in value state; an event-time timer at the
 *       window's last millisecond emits them (ties included) and clears the state. A window's
 *       counts reach this stage before the watermark that fired them, so the timer fires after all
 *       of them.
 * </ol>
 */
final class Q5HotItems implements Query {

  private static final StateDescriptor<ValueState<long[]>> MAX =
      StateDescriptor.value("q5-max-count-auctions", Codecs.longArrays());

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
    long size = config.hopSizeMs();
    return StagedJob.from(new FilteredSource<>(events, e -> e instanceof Bid))
        .watermarks(config.watermarks())
        .stage(
            e -> ((Bid) e).auction(),
            Serializers.longs(),
            Event::dateTime,
            WindowOperator.<Event, Long, Long, Long, String>aggregate(
                "q5-bids-per-auction",
                WindowAssigner.slidingEventTime(
                    Duration.ofMillis(size), Duration.ofMillis(config.hopSlideMs())),
                new CountFunction<>(),
                (auction, window, count) -> auction + "," + count + "," + window.start()))
        .stage(
            (String row) -> Long.parseLong(Rows.fields(row)[2]),
            Serializers.longs(),
            row -> Long.parseLong(Rows.fields(row)[2]) + size - 1,
            Operators.<String, Long>of(List.of(MAX), ctx -> maxPerWindow(ctx, size)))
        .into(output.rows());
  }

  /** Keyed by window start: {@code [max count, auctions at it...]} until the window's end. */
  private static KeyedProcessor<String> maxPerWindow(OperatorContext<Long, String> ctx, long size) {
    ValueState<long[]> max = ctx.state(MAX);
    return new KeyedProcessor<>() {
      @Override
      public void process(String row, long timestamp) {
        String[] f = Rows.fields(row);
        long auction = Long.parseLong(f[0]);
        long count = Long.parseLong(f[1]);
        max.value()
            .thenAccept(
                m -> {
                  if (m == null) {
                    ctx.registerEventTimeTimer(ctx.currentKey() + size - 1);
                    max.update(new long[] {count, auction});
                  } else if (count > m[0]) {
                    max.update(new long[] {count, auction});
                  } else if (count == m[0]) {
                    long[] n = Arrays.copyOf(m, m.length + 1);
                    n[m.length] = auction;
                    max.update(n);
                  }
                });
      }

      @Override
      public void onTimer(long timestamp) {
        long start = ctx.currentKey();
        max.value()
            .thenAccept(
                m -> {
                  if (m != null) {
                    for (int i = 1; i < m.length; i++) {
                      ctx.emit(m[i] + "," + m[0] + "," + start);
                    }
                  }
                  max.clear();
                });
      }
    };
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
        for (long s = Math.floorDiv(b.dateTime(), slide) * slide;
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
