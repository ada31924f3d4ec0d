package io.sediment.nexmark;

import io.sediment.stream.Serializer;
import io.sediment.stream.Serializers;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import io.sediment.stream.window.AggregateFunction;
import io.sediment.stream.window.WindowAssigner;
import io.sediment.stream.window.WindowOperator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * q17, auction statistics per day: per auction and UTC day, the number of bids in all and per price
 * range (below 10,000; below 1,000,000; above), and the lowest, highest, average and total price:
 * {@code auction, day, total, rank1, rank2, rank3, min, max, avg, sum}. Keyed by auction: a
 * tumbling event-time {@link WindowOperator} of one day (UTC days: windows align to the epoch)
 * aggregating the figures, one accumulator per auction and day, which emits each group's row once
 * the watermark passes the day's end. Nexmark's SQL groups by auction and day without a window, an
 * updating table whose final state is these rows; the window emits that final state only.
 */
final class Q17AuctionDailyStats implements Query {

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final QueryConfig config;

  Q17AuctionDailyStats(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q17";
  }

  @Override
  public String description() {
    return "per auction and day: bid counts by price range, min, max, average and sum of prices";
  }

  static String day(long time) {
    return Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** {total, rank1, rank2, rank3, min, max, sum} after adding {@code price}. */
  static long[] add(long[] s, long price) {
    long[] n = s == null ? new long[] {0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0} : s.clone();
    n[0]++;
    n[price < 10_000 ? 1 : price < 1_000_000 ? 2 : 3]++;
    n[4] = Math.min(n[4], price);
    n[5] = Math.max(n[5], price);
    n[6] += price;
    return n;
  }

  static String row(String key, long[] s) {
    return key
        + ","
        + s[0]
        + ","
        + s[1]
        + ","
        + s[2]
        + ","
        + s[3]
        + ","
        + s[4]
        + ","
        + s[5]
        + ","
        + s[6] / s[0]
        + ","
        + s[6];
  }

  /** The figures of one auction and day: {@code {total, rank1, rank2, rank3, min, max, sum}}. */
  static final class DailyStats implements AggregateFunction<Event, long[], long[]> {
    private static final Serializer<long[]> LONGS = Codecs.longArrays();

    @Override
    public long[] createAccumulator() {
      return new long[] {0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0};
    }

    @Override
    public long[] add(Event input, long[] accumulator) {
      return Q17AuctionDailyStats.add(accumulator, ((Bid) input).price());
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      long[] n = a.clone();
      for (int i = 0; i < 4; i++) {
        n[i] += b[i];
      }
      n[4] = Math.min(a[4], b[4]);
      n[5] = Math.max(a[5], b[5]);
      n[6] += b[6];
      return n;
    }

    @Override
    public byte[] serialize(long[] accumulator) {
      return LONGS.serialize(accumulator);
    }

    @Override
    public long[] deserialize(byte[] bytes) {
      return LONGS.deserialize(bytes);
    }

    @Override
    public long[] result(long[] accumulator) {
      return accumulator;
    }
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
            WindowOperator.<Event, Long, long[], long[], String>aggregate(
                "q17-daily-stats",
                WindowAssigner.tumblingEventTime(Duration.ofMillis(DAY_MS)),
                new DailyStats(),
                (auction, window, stats) -> row(auction + "," + day(window.start()), stats)),
            output.rows()));
  }

  @Override
  public List<String> result(List<String> rows) {
    return Rows.sorted(rows);
  }

  @Override
  public List<String> reference(List<Event> events) {
    Map<String, long[]> stats = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Bid b) {
        String key = b.auction() + "," + day(b.dateTime());
        stats.put(key, add(stats.get(key), b.price()));
      }
    }
    List<String> out = new ArrayList<>();
    stats.forEach((k, s) -> out.add(row(k, s)));
    return Rows.sorted(out);
  }
}
