package io.sediment.stream.internal;

import io.sediment.lsm.CompactionFilter;
import java.util.Map;

/**
 * The store's one compaction filter, routing each key to the TTL filter of the state it belongs to
 * (by the state id in its key, see {@link StateKeyLayout}); keys of states without TTL are kept.
 */
public final class StateCompactionFilter implements CompactionFilter {

  /** The filter's name. */
  public static final String NAME = "stream.keyed-state-ttl";

  private final StateKeyLayout layout;
  private final Map<Integer, CompactionFilter> byStateId;

  /** Routes by {@code layout}'s state id to {@code byStateId}. */
  public StateCompactionFilter(StateKeyLayout layout, Map<Integer, CompactionFilter> byStateId) {
    this.layout = layout;
    this.byStateId = Map.copyOf(byStateId);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result filter(int level, byte[] userKey, byte[] value) {
    if (userKey.length < layout.stateIdOffset() + Integer.BYTES) {
      return Result.keep();
    }
    CompactionFilter f = byStateId.get(layout.stateId(userKey));
    return f == null ? Result.keep() : f.filter(level, userKey, value);
  }

  @Override
  public String toString() {
    return NAME + byStateId;
  }
}
