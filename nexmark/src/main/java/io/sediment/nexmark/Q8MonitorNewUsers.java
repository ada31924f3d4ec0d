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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * q8, monitor new users: persons who opened an auction in the tumbling window (10 s) in which they
 * joined: {@code id, name, window start}. A window join keyed by person id (a person's id, an
 * auction's seller): per window start, the person's name and a seller mark in map state; an
 * event-time timer at the window's end emits the person if both are there, then drops the window.
 */
final class Q8MonitorNewUsers implements Query {

  private static final StateDescriptor<MapState<Long, String>> NAMES =
      StateDescriptor.map("q8-person-by-window", Serializers.longs(), Serializers.string());
  private static final StateDescriptor<MapState<Long, Long>> SELLING =
      StateDescriptor.map("q8-seller-by-window", Serializers.longs(), Serializers.longs());

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
            Operators.<Event, Long>of(
                List.of(NAMES, SELLING),
                ctx -> {
                  MapState<Long, String> names = ctx.state(NAMES);
                  MapState<Long, Long> selling = ctx.state(SELLING);
                  return new KeyedProcessor<>() {
                    @Override
                    public void process(Event event, long timestamp) {
                      long start = Rows.tumbleStart(event.dateTime(), size);
                      ctx.registerEventTimeTimer(start + size - 1);
                      if (event instanceof Person p) {
                        names.put(start, p.name());
                      } else {
                        selling.put(start, 1L);
                      }
                    }

                    @Override
                    public void onTimer(long timestamp) {
                      long start = timestamp + 1 - size;
                      names
                          .get(start)
                          .thenCombine(
                              selling.get(start),
                              (name, sold) -> {
                                if (name != null && sold != null) {
                                  ctx.emit(ctx.currentKey() + "," + name + "," + start);
                                }
                                return name;
                              })
                          .thenAccept(
                              name -> {
                                names.remove(start);
                                selling.remove(start);
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
