package io.sediment.lsm;

import io.sediment.lsm.internal.Bytes;

/**
 * Decides, during compaction, whether a value survives: drop expired entries (TTL), rewrite values
 * (schema migration), or keep them. A service provider interface; an instance is configured per
 * store and may run in a remote compaction worker.
 *
 * <p>What compaction guarantees to the filter:
 *
 * <ul>
 *   <li>It sees only full values (PUT entries, including the results of merges folded during the
 *       compaction), never point tombstones or merge operands.
 *   <li>It sees only entries no live snapshot other than the latest state can read: versions that
 *       an open {@link Snapshot} pins are kept unchanged, so a snapshot's reads never change.
 *   <li>Not every entry is filtered: only entries that take part in a compaction, which may be long
 *       after they were written (or never, for data that is never compacted). A TTL filter
 *       therefore bounds how long expired data stays on disk, not how soon reads stop seeing it.
 * </ul>
 *
 * <p>What the filter must guarantee: deterministic, thread-safe, no side effects the store depends
 * on, and it must not modify or keep the arrays it is given. An exception thrown by {@link #filter}
 * fails the compaction, which leaves its inputs in place.
 *
 * <p>Effect of the decisions on the entry a filter is called for:
 *
 * <ul>
 *   <li>{@link Decision#KEEP}: written unchanged.
 *   <li>{@link Decision#REMOVE}: the key reads as deleted from then on: the entry becomes a point
 *       tombstone (which hides older versions in lower levels), or vanishes at the bottommost level
 *       when nothing older remains.
 *   <li>{@link Decision#CHANGE_VALUE}: the entry is written with {@link Result#newValue()}.
 * </ul>
 */
public interface CompactionFilter {

  /** What to do with a value. */
  enum Decision {
    KEEP,
    REMOVE,
    CHANGE_VALUE
  }

  /**
   * A decision, with the replacement value for {@link Decision#CHANGE_VALUE} (null otherwise).
   * Construction throws {@link IllegalArgumentException} if the decision is null, or the value is
   * missing for CHANGE_VALUE or present for another decision.
   */
  record Result(Decision decision, byte[] newValue) {

    private static final Result KEEP = new Result(Decision.KEEP, null);
    private static final Result REMOVE = new Result(Decision.REMOVE, null);

    public Result {
      if (decision == null) {
        throw new IllegalArgumentException("decision must not be null");
      }
      if ((decision == Decision.CHANGE_VALUE) != (newValue != null)) {
        throw new IllegalArgumentException(
            "newValue " + Bytes.toDisplay(newValue) + " does not fit decision " + decision);
      }
    }

    /** Keep the value. */
    public static Result keep() {
      return KEEP;
    }

    /** Remove the key. */
    public static Result remove() {
      return REMOVE;
    }

    /** Replace the value by {@code newValue}. */
    public static Result changeValue(byte[] newValue) {
      return new Result(Decision.CHANGE_VALUE, newValue);
    }
  }

  /** Stable identifier, for logs and for configuring remote compaction workers. */
  String name();

  /**
   * The filter's configuration as one line of text, from which a remote compaction worker that
   * knows {@link #name()} rebuilds an equal filter; empty (the default) for a filter without one.
   */
  default String configText() {
    return "";
  }

  /**
   * Decides the fate of one value.
   *
   * @param level the level the compaction writes to
   * @param userKey the user key
   * @param value the value (a PUT, or a merge result)
   * @return the decision, never null
   */
  Result filter(int level, byte[] userKey, byte[] value);
}
