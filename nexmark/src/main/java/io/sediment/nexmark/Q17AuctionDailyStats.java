package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * q17, auction statistics per day: per auction and UTC day, the number of bids in all and per price
 * range (below 10,000; below 1,000,000; above), and the lowest, highest, average and total price:
 * {@code auction, day, total, rank1, rank2, rank3, min, max, avg, sum}. A non-windowed aggregation
 * keyed by auction and day: the running figures in value state, each bid emits the group's new row
 * (an update of the SQL result; the final table holds the last).
 */
final class Q17AuctionDailyStats implements Query {

  private static final StateDescriptor<ValueState<long[]>> STATS =
      StateDescriptor.value("q17-daily-stats", Codecs.longArrays());

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

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(events, e -> e instanceof Bid),
            e -> ((Bid) e).auction() + "," + day(e.dateTime()),
            Serializers.string(),
            Event::dateTime,
            Operators.<Event, String>of(
                List.of(STATS),
                ctx -> {
                  ValueState<long[]> stats = ctx.state(STATS);
                  return (event, timestamp) ->
                      stats
                          .value()
                          .thenAccept(
                              s -> {
                                long[] n = add(s, ((Bid) event).price());
                                stats.update(n);
                                ctx.emit(row(ctx.currentKey(), n));
                              });
                }),
            output.rows()));
  }

  @Override
  public List<String> result(List<String> rows) {
    Map<String, String> last = new HashMap<>();
    Map<String, Long> totals = new HashMap<>();
    for (String row : rows) {
      String[] f = Rows.fields(row);
      String key = f[0] + "," + f[1];
      long total = Long.parseLong(f[2]);
      if (total > totals.getOrDefault(key, 0L)) {
        totals.put(key, total);
        last.put(key, row);
      }
    }
    return Rows.sorted(new ArrayList<>(last.values()));
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
