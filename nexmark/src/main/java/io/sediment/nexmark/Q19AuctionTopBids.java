package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.operators.Ranked;
import io.sediment.stream.operators.TopN;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * q19, auction top-10 price: the 10 highest bids of each auction with their rank: {@code <bid
 * row>,rank}. Keyed by auction: a {@link TopN} ordered by {@link Bid#BY_PRICE_DESCENDING} (which
 * also orders bids of equal price), whose changelog per rank ({@code +I}, {@code -U}/{@code +U})
 * goes into a table keyed by auction and rank: the table is the result.
 */
final class Q19AuctionTopBids implements Query {

  static final int N = 10;

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

  /** A table keyed by {@code auction,rank}. */
  @Override
  public QueryOutput output(String uri, Configuration conf) throws IOException {
    return QueryOutput.table(
        uri,
        conf,
        row -> {
          String[] f = Rows.fields(row);
          return f[0] + "," + f[f.length - 1];
        });
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
            new TopN<Event, Long>(
                "q19-top-bids",
                EventSerializers.events(),
                (a, b) -> Bid.BY_PRICE_DESCENDING.compare((Bid) a, (Bid) b),
                N),
            new MappedSink<Change<Ranked<Event>>, Change<String>>(
                output.changes(),
                c ->
                    List.of(
                        new Change<>(
                            c.kind(), ((Bid) c.row().row()).toRow() + "," + c.row().rank())))));
  }

  @Override
  public List<String> result(List<String> committed) {
    return Rows.sorted(committed);
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
