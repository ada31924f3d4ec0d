package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.KeyedOperator;
import io.sediment.stream.runtime.KeyedProcessor;
import io.sediment.stream.runtime.OperatorContext;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import io.sediment.stream.runtime.WatermarkStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stateless query over bids: each bid gives at most one row (q0 pass-through, q1 currency
 * conversion, q2 selection). The job reads bids only, keyed by auction; the operator declares no
 * state.
 */
final class BidMapQuery implements Query {

  private final String name;
  private final String description;
  private final Function<Bid, String> row;

  /** {@code row} maps a bid to its output row, or to null to drop it. */
  BidMapQuery(String name, String description, Function<Bid, String> row) {
    this.name = name;
    this.description = description;
    this.row = row;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    KeyedOperator<Event, Long, String> operator =
        new KeyedOperator<>() {
          @Override
          public List<StateDescriptor<?>> states() {
            return List.of();
          }

          @Override
          public KeyedProcessor<Event> open(OperatorContext<Long, String> ctx) {
            return (event, timestamp) -> {
              String out = row.apply((Bid) event);
              if (out != null) {
                ctx.emit(out);
              }
            };
          }
        };
    return Query.staged(
        WatermarkStrategy.ascending(), // no state, no timers: the watermark is not used
        new JobDefinition<>(
            new FilteredSource<>(events, e -> e instanceof Bid),
            e -> ((Bid) e).auction(),
            Serializers.longs(),
            Event::dateTime,
            operator,
            output.rows()));
  }

  @Override
  public List<String> result(List<String> rows) {
    return Rows.sorted(rows);
  }

  @Override
  public List<String> reference(List<Event> events) {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      if (e instanceof Bid b) {
        String r = row.apply(b);
        if (r != null) {
          out.add(r);
        }
      }
    }
    return Rows.sorted(out);
  }
}
