package io.sediment.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequential reference: every state in plain maps, operations applied one after another. Its
 * answers are what the controller must give whatever the batching, interleaving and mode.
 */
final class StateModel {

  private final Map<String, Long> values = new HashMap<>();
  private final Map<String, List<String>> lists = new HashMap<>();
  private final Map<String, TreeMap<String, Long>> maps = new HashMap<>();
  private final Map<String, Long> reduced = new HashMap<>();
  private final Map<String, long[]> aggregates = new HashMap<>();

  /** Applies {@code op} for {@code key}; the answer as {@link #render} writes it. */
  String apply(String key, StateOp op) {
    String k = key + "/" + op.ns();
    TreeMap<String, Long> map = maps.computeIfAbsent(key, x -> new TreeMap<>());
    switch (op.kind()) {
      case VGET:
        return render(values.get(k));
      case VPUT:
        values.put(k, op.number());
        return "done";
      case VCLEAR:
        values.remove(k);
        return "done";
      case LGET:
        return render(new ArrayList<>(lists.getOrDefault(k, List.of())));
      case LADD:
        lists.computeIfAbsent(k, x -> new ArrayList<>()).add(op.text());
        return "done";
      case LADDALL:
        lists.computeIfAbsent(k, x -> new ArrayList<>()).addAll(op.list());
        if (lists.get(k).isEmpty()) {
          lists.remove(k);
        }
        return "done";
      case LUPDATE:
        if (op.list().isEmpty()) {
          lists.remove(k);
        } else {
          lists.put(k, new ArrayList<>(op.list()));
        }
        return "done";
      case LCLEAR:
        lists.remove(k);
        return "done";
      case MGET:
        return render(map.get(op.text()));
      case MPUT:
        map.put(op.text(), op.number());
        return "done";
      case MPUTNULL:
        map.put(op.text(), null);
        return "done";
      case MREMOVE:
        map.remove(op.text());
        return "done";
      case MCONTAINS:
        return render(map.containsKey(op.text()));
      case MENTRIES:
        {
          List<String> out = new ArrayList<>();
          map.forEach((uk, uv) -> out.add(uk + "=" + uv));
          return render(out);
        }
      case MKEYS:
        return render(new ArrayList<>(map.keySet()));
      case MVALUES:
        {
          List<String> out = new ArrayList<>();
          map.values().forEach(v -> out.add(String.valueOf(v)));
          return render(out);
        }
      case MISEMPTY:
        return render(map.isEmpty());
      case MCLEAR:
        map.clear();
        return "done";
      case RGET:
        return render(reduced.get(k));
      case RADD:
        reduced.merge(k, op.number(), (a, b) -> a * 31 + b);
        return "done";
      case RCLEAR:
        reduced.remove(k);
        return "done";
      case AGET:
        {
          long[] a = aggregates.get(k);
          return render(a == null ? null : a[0] + "/" + a[1]);
        }
      case AADD:
        {
          long[] a = aggregates.computeIfAbsent(k, x -> new long[2]);
          a[0] += op.number();
          a[1]++;
          return "done";
        }
      case ACLEAR:
        aggregates.remove(k);
        return "done";
      default:
        throw new IllegalArgumentException("unknown op " + op);
    }
  }

  /** One form for answers of both runs: lists in order, values by toString, null as "null". */
  static String render(Object v) {
    return String.valueOf(v);
  }
}
