package io.sediment.nexmark;

import io.sediment.stream.Serializers;
import io.sediment.stream.operators.JoinInput;
import io.sediment.stream.operators.RegularJoin;
import io.sediment.stream.runtime.JobDefinition;
import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.StagedJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * q3, local item suggestion: persons in OR, ID or CA joined with the auctions of category 10 they
 * sell: {@code name, city, state, auction id}. A {@link RegularJoin} keyed by person id (a person's
 * id, an auction's seller), persons on the left, auctions on the right (each side's rows in list
 * state; a pair is emitted when its later row arrives). Both filters run at the source.
 */
final class Q3LocalItemSuggestion implements Query {

  private static final Set<String> STATES = Set.of("OR", "ID", "CA");
  private static final long CATEGORY = 10;

  private final QueryConfig config;

  Q3LocalItemSuggestion(QueryConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "q3";
  }

  @Override
  public String description() {
    return "persons in OR, ID or CA selling in category 10 (person-auction join)";
  }

  static boolean input(Event e) {
    return (e instanceof Person p && STATES.contains(p.state()))
        || (e instanceof Auction a && a.category() == CATEGORY);
  }

  static String row(Person p, Auction a) {
    return p.name() + "," + p.city() + "," + p.state() + "," + a.id();
  }

  @Override
  public StagedJob<?, ?> job(Source<Event> events, QueryOutput output) {
    return Query.staged(
        config.watermarks(),
        new JobDefinition<>(
            new FilteredSource<>(events, Q3LocalItemSuggestion::input),
            e -> e instanceof Person p ? p.id() : ((Auction) e).seller(),
            Serializers.longs(),
            Event::dateTime,
            Operators.mapInput(
                RegularJoin.<Person, Auction, Long, String>inner(
                    "q3-persons-auctions",
                    EventSerializers.persons(),
                    EventSerializers.auctions(),
                    Q3LocalItemSuggestion::row),
                (Event e) ->
                    e instanceof Person p
                        ? JoinInput.<Person, Auction>left(p)
                        : JoinInput.<Person, Auction>right((Auction) e)),
            MappedSink.inserts(output.rows())));
  }

  @Override
  public List<String> result(List<String> rows) {
    return Rows.sorted(rows);
  }

  @Override
  public List<String> reference(List<Event> events) {
    Map<Long, Person> persons = new HashMap<>();
    for (Event e : events) {
      if (e instanceof Person p && input(p)) {
        persons.put(p.id(), p);
      }
    }
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      if (e instanceof Auction a && input(a) && persons.containsKey(a.seller())) {
        out.add(row(persons.get(a.seller()), a));
      }
    }
    return Rows.sorted(out);
  }
}
