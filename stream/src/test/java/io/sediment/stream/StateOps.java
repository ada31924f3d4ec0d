package io.sediment.stream;

import java.util.ArrayList;
import java.util.List;

/** Runs a {@link StateOp} through the asynchronous state API of a controller. */
final class StateOps {

  private final ExecutionController<String> c;

  StateOps(ExecutionController<String> c) {
    this.c = c;
  }

  /** Issues {@code op} for the current key; the future of its answer, rendered. */
  StateFuture<String> issue(StateOp op) {
    String ns = op.ns();
    ValueState<Long> v = c.state(TestStates.VALUE, Serializers.string()).in(ns);
    ListState<String> l = c.state(TestStates.LIST, Serializers.string()).in(ns);
    MapState<String, Long> m = c.state(TestStates.MAP);
    ReducingState<Long> r = c.state(TestStates.REDUCING, Serializers.string()).in(ns);
    AggregatingState<Long, String> a = c.state(TestStates.AGGREGATING, Serializers.string()).in(ns);
    return switch (op.kind()) {
      case VGET -> v.value().thenApply(StateModel::render);
      case VPUT -> done(v.update(op.number()));
      case VCLEAR -> done(v.clear());
      case LGET -> l.get().thenApply(StateModel::render);
      case LADD -> done(l.add(op.text()));
      case LADDALL -> done(l.addAll(op.list()));
      case LUPDATE -> done(l.update(op.list()));
      case LCLEAR -> done(l.clear());
      case MGET -> m.get(op.text()).thenApply(StateModel::render);
      case MPUT -> done(m.put(op.text(), op.number()));
      case MPUTNULL -> done(m.put(op.text(), null));
      case MREMOVE -> done(m.remove(op.text()));
      case MCONTAINS -> m.contains(op.text()).thenApply(StateModel::render);
      case MENTRIES ->
          m.entries()
              .thenCompose(
                  it -> {
                    List<String> out = new ArrayList<>();
                    return it.onNext(e -> out.add(e.getKey() + "=" + e.getValue()))
                        .thenApply(x -> StateModel.render(out));
                  });
      case MKEYS -> collect(m.keys());
      case MVALUES ->
          m.values()
              .thenCompose(
                  it -> {
                    List<String> out = new ArrayList<>();
                    return it.onNext(x -> out.add(String.valueOf(x)))
                        .thenApply(x -> StateModel.render(out));
                  });
      case MISEMPTY -> m.isEmpty().thenApply(StateModel::render);
      case MCLEAR -> done(m.clear());
      case RGET -> r.get().thenApply(StateModel::render);
      case RADD -> done(r.add(op.number()));
      case RCLEAR -> done(r.clear());
      case AGET -> a.get().thenApply(StateModel::render);
      case AADD -> done(a.add(op.number()));
      case ACLEAR -> done(a.clear());
    };
  }

  private static <T> StateFuture<String> collect(StateFuture<StateIterator<T>> iterator) {
    return iterator.thenCompose(
        it -> {
          List<String> out = new ArrayList<>();
          return it.onNext(x -> out.add(String.valueOf(x))).thenApply(x -> StateModel.render(out));
        });
  }

  private static StateFuture<String> done(StateFuture<Void> f) {
    return f.thenApply(x -> "done");
  }
}
