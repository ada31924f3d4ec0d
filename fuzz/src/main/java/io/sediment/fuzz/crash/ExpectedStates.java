package io.sediment.fuzz.crash;

import io.sediment.fuzz.Execution;
import io.sediment.fuzz.ModelStore;
import io.sediment.fuzz.Op;
import io.sediment.fuzz.OpGenerator;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The model's state after chosen prefixes of a workload: replays the op sequence of one seed once
 * through a {@link ModelStore} and keeps the state at each requested op count. Also collects every
 * key the replayed ops named, so a check can ask the store for keys that must be absent.
 */
public final class ExpectedStates {

  private final Map<Long, NavigableMap<byte[], byte[]>> states;
  private final NavigableSet<byte[]> keys;

  private ExpectedStates(
      Map<Long, NavigableMap<byte[], byte[]>> states, NavigableSet<byte[]> keys) {
    this.states = states;
    this.keys = keys;
  }

  /**
   * Replays the first {@code max(opCounts)} ops of the workload of {@code seed}.
   *
   * @throws IllegalArgumentException on a negative op count
   */
  public static ExpectedStates replay(long seed, Collection<Long> opCounts) throws Exception {
    TreeSet<Long> wanted = new TreeSet<>(opCounts);
    if (!wanted.isEmpty() && wanted.first() < 0) {
      throw new IllegalArgumentException("op counts must be >= 0: " + wanted.first());
    }
    Map<Long, NavigableMap<byte[], byte[]>> states = new HashMap<>();
    NavigableSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    try (ModelStore model = new ModelStore(CrashConfigs.mergeFunction())) {
      Execution x = new Execution(model);
      OpGenerator g = WorkloadLog.generatorAt(seed, 0);
      long done = 0;
      for (long count : wanted) {
        for (; done < count; done++) {
          Op op = g.next();
          collectKeys(op, keys);
          op.execute(x);
        }
        // The model never changes a map it handed out: later writes copy it.
        states.put(count, model.state());
      }
    }
    return new ExpectedStates(states, keys);
  }

  /**
   * The state after the first {@code opCount} ops.
   *
   * @throws IllegalArgumentException if that count was not replayed
   */
  public NavigableMap<byte[], byte[]> after(long opCount) {
    NavigableMap<byte[], byte[]> s = states.get(opCount);
    if (s == null) {
      throw new IllegalArgumentException("state after " + opCount + " ops was not replayed");
    }
    return s;
  }

  /** Every key a replayed op named (range deletes: both bounds), in unsigned order. */
  public NavigableSet<byte[]> keys() {
    return Collections.unmodifiableNavigableSet(keys);
  }

  private static void collectKeys(Op op, NavigableSet<byte[]> keys) {
    if (op instanceof Op.Put p) {
      keys.add(p.key());
    } else if (op instanceof Op.Delete d) {
      keys.add(d.key());
    } else if (op instanceof Op.Merge m) {
      keys.add(m.key());
    } else if (op instanceof Op.DeleteRange r) {
      keys.add(r.begin());
      keys.add(r.end());
    } else if (op instanceof Op.Batch b) {
      b.ops().forEach(o -> collectKeys(o, keys));
    }
  }
}
