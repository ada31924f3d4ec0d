package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.operators.JoinInput;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import io.sediment.stream.window.WindowAssigner;
import io.sediment.stream.window.WindowOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * q8, monitor new users: persons who opened an auction in the tumbling window (10 s) in which they
 * joined: {@code id, name, window start}. A window join keyed by person id (a person's id, an
 * auction's seller): a tumbling event-time {@link WindowOperator} with a full-window function over
 * both sides ({@link JoinInput}: persons left, auctions right), which emits the person of a window
 * that holds the person and at least one of its auctions (person ids are unique: one row at most).
 */
final class Q8MonitorNewUsers implements Query {

  private final QueryConfig config;

  Q8MonitorNewUsers(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q8";
  }

  @Override
  public String description() {
    return "persons who opened an auction in the window they joined (window join)";
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    long size = config.tumbleMs();
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(events, e -> e instanceof Person || e instanceof Auction),
            e -> e instanceof Person p ? p.id() : ((Auction) e).seller(),
            Serializers.longs(),
            Event::dateTime,
            Operators.mapInput(
                WindowOperator.<JoinInput<Person, Auction>, Long, String>process(
                    "q8-persons-auctions",
                    WindowAssigner.tumblingEventTime(Duration.ofMillis(size)),
                    JoinInput.serializer(EventSerializers.persons(), EventSerializers.auctions()),
                    (id, window, rows) -> {
                      Person person = null;
                      boolean sells = false;
                      for (JoinInput<Person, Auction> row : rows) {
                        if (row.isLeft()) {
                          person = row.left();
                        } else {
                          sells = true;
                        }
                      }
                      return person != null && sells
                          ? id + "," + person.name() + "," + window.start()
                          : null;
                    }),
                (Event e) ->
                    e instanceof Person p
                        ? JoinInput.<Person, Auction>left(p)
                        : JoinInput.<Person, Auction>right((Auction) e)),
            output.rows()));
  }

  @Override
  public List<String> result(List<String> rows) {
    return Rows.sorted(rows);
  }

  @Override
  public List<String> reference(List<Event> events) {
    long size = config.tumbleMs();
    Map<List<Long>, String> persons = new HashMap<>();
    Set<List<Long>> sellers = new HashSet<>();
    for (Event e : events) {
      long start = Rows.tumbleStart(e.dateTime(), size);
      if (e instanceof Person p) {
        persons.put(List.of(p.id(), start), p.name());
      } else if (e instanceof Auction a) {
        sellers.add(List.of(a.seller(), start));
      }
    }
    List<String> out = new ArrayList<>();
    persons.forEach(
        (k, name) -> {
          if (sellers.contains(k)) {
            out.add(k.get(0) + "," + name + "," + k.get(1));
          }
        });
    return Rows.sorted(out);
  }
}
