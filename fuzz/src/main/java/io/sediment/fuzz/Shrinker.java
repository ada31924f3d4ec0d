package io.sediment.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing log to a small one that still fails, by delta debugging (Zeller's ddmin over
 * the op list: remove chunks, halving the chunk size until single ops, keeping every removal after
 * which the log still fails), then by simplifying what is left: a batch is replaced by its ops or
 * loses members, long values become one byte, iterator moves are dropped, a claim-mode restore
 * becomes a no-claim one. Rounds repeat until nothing changes or the test budget is spent.
 *
 * <p>Every log the shrinker tries is well formed, because the runner gives every op a meaning in
 * any context (a read at a snapshot the shorter log no longer takes observes {@code no-snapshot}).
 * The result is 1-minimal with respect to op removal when the budget suffices: removing any single
 * op makes it pass.
 */
public final class Shrinker {

  private final Predicate<List<Op>> fails;
  private final int maxTests;
  private int tests;

  /**
   * @param fails whether a log still fails; called once per candidate
   * @param maxTests at most this many calls of {@code fails}
   */
  public Shrinker(Predicate<List<Op>> fails, int maxTests) {
    this.fails = fails;
    this.maxTests = maxTests;
  }

  /** Number of candidate logs tried so far. */
  public int testsRun() {
    return tests;
  }

  /**
   * A log that still fails and is at most as long as {@code log}.
   *
   * @throws IllegalArgumentException if {@code log} does not fail to begin with
   */
  public List<Op> shrink(List<Op> log) {
    if (!fails.test(log)) {
      throw new IllegalArgumentException(
          "the log to shrink does not fail (" + log.size() + " ops)");
    }
    List<Op> current = List.copyOf(log);
    boolean changed = true;
    while (changed && tests < maxTests) {
      List<Op> next = simplify(ddmin(current));
      changed = !texts(next).equals(texts(current));
      current = next;
    }
    return current;
  }

  private List<Op> ddmin(List<Op> log) {
    int n = 2;
    while (log.size() >= 2 && tests < maxTests) {
      int chunk = (log.size() + n - 1) / n;
      boolean reduced = false;
      for (int start = 0; start < log.size() && tests < maxTests; start += chunk) {
        List<Op> complement = new ArrayList<>(log.subList(0, start));
        complement.addAll(log.subList(Math.min(log.size(), start + chunk), log.size()));
        if (tryLog(complement)) {
          log = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (chunk == 1) {
          break;
        }
        n = Math.min(log.size(), n * 2);
      }
    }
    if (log.size() == 1 && tryLog(List.of())) {
      return List.of();
    }
    return log;
  }

  /** One pass of per-op simplifications, each kept when the log still fails. */
  private List<Op> simplify(List<Op> log) {
    List<Op> current = new ArrayList<>(log);
    for (int i = 0; i < current.size() && tests < maxTests; i++) {
      for (List<Op> replacement : simpler(current.get(i))) {
        List<Op> candidate = new ArrayList<>(current.subList(0, i));
        candidate.addAll(replacement);
        candidate.addAll(current.subList(i + 1, current.size()));
        if (tryLog(candidate)) {
          current = candidate;
          break;
        }
      }
    }
    return current;
  }

  /** Simpler stand-ins for one op, most drastic first. */
  private static List<List<Op>> simpler(Op op) {
    List<List<Op>> out = new ArrayList<>();
    if (op instanceof Op.Batch b) {
      out.add(new ArrayList<>(b.ops()));
      for (int i = 0; i < b.ops().size() && b.ops().size() > 1; i++) {
        List<Op.WriteOp> fewer = new ArrayList<>(b.ops());
        fewer.remove(i);
        out.add(List.of(new Op.Batch(fewer)));
      }
    } else if (op instanceof Op.Put p && p.value().length > 1) {
      out.add(List.of(new Op.Put(p.key(), new byte[] {'x'})));
    } else if (op instanceof Op.Merge m && m.operand().length > 1) {
      out.add(List.of(new Op.Merge(m.key(), new byte[] {'x'})));
    } else if (op instanceof Op.Seek s && !s.moves().isEmpty()) {
      out.add(
          List.of(
              new Op.Seek(
                  s.forPrev(),
                  s.target(),
                  s.lower(),
                  s.upper(),
                  s.snapshot(),
                  s.moves().substring(0, s.moves().length() - 1))));
    } else if (op instanceof Op.Restore r && r.claim()) {
      out.add(List.of(new Op.Restore(r.id(), false)));
    } else if (op instanceof Op.Scan s && (s.lower() != null || s.upper() != null)) {
      out.add(List.of(new Op.Scan(s.reverse(), null, null, s.snapshot(), s.limit())));
    }
    return out;
  }

  private boolean tryLog(List<Op> candidate) {
    tests++;
    return fails.test(candidate);
  }

  private static List<String> texts(List<Op> log) {
    List<String> t = new ArrayList<>(log.size());
    log.forEach(o -> t.add(o.text()));
    return t;
  }
}
