package io.sediment.stream.internal;

import io.sediment.lsm.MergeFunction;
import java.util.List;
import java.util.Map;

/**
 * The store's one merge function, routing each key to the merge function of the state it belongs to
 * (by the state id in its key, see {@link StateKeyLayout}): list states to the compaction library's
 * list append, aggregating states to its aggregating function, reducing states to a reduce fold,
 * each wrapped for TTL where the state has one. Its name is stable ({@value #NAME}), whatever the
 * states; the states declared when a store opens decide the routing.
 *
 * <p>A key of a state that was not declared is an {@link IllegalStateException} naming the state
 * id: it fails the read, or the compaction, which keeps its inputs.
 */
public final class StateMergeFunction implements MergeFunction {

  /** The name recorded in the store's manifest. */
  public static final String NAME = "stream.keyed-state";

  private final StateKeyLayout layout;
  private final Map<Integer, MergeFunction> byStateId;

  /** Routes by {@code layout}'s state id to {@code byStateId}. */
  public StateMergeFunction(StateKeyLayout layout, Map<Integer, MergeFunction> byStateId) {
    this.layout = layout;
    this.byStateId = Map.copyOf(byStateId);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands) {
    return of(key).fullMerge(key, base, operands);
  }

  @Override
  public byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return of(key).partialMerge(key, operands);
  }

  private MergeFunction of(byte[] key) {
    int id = layout.stateId(key);
    MergeFunction f = byStateId.get(id);
    if (f == null) {
      throw new IllegalStateException(
          "merge operand of state id " + id + ", which has no merging state declared");
    }
    return f;
  }

  @Override
  public String toString() {
    return NAME + byStateId.keySet();
  }
}
