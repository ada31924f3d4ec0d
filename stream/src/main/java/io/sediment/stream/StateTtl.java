package io.sediment.stream;

import java.time.Duration;

/**
 * Time-to-live of a state's values, with Flink's default semantics: the timestamp is set when a
 * value is created or written (update type {@code OnCreateAndWrite}; reads do not refresh it), and
 * an expired value is never returned ({@code NeverReturnExpired}): a read that finds one answers as
 * if it were absent. A value written at {@code t} is expired from {@code t + ttl} on, by the
 * store's clock. Expired values are removed from disk by the compaction filter ({@link
 * io.sediment.compaction.TtlCompactionFilter}) when a compaction reaches them.
 *
 * <p>Per state kind: a value, reducing or aggregating state expires as a whole (an {@code add}
 * counts as a write; an accumulator that had expired when an input was added starts afresh from
 * that input); a list expires element by element; a map expires entry by entry.
 *
 * @param ttl the time to live, at least 1 ms
 */
public record StateTtl(Duration ttl) {

  /**
   * @throws IllegalArgumentException naming the value if it is null or below 1 ms
   */
  public StateTtl {
    if (ttl == null || ttl.toMillis() < 1) {
      throw new IllegalArgumentException("state TTL must be at least 1 ms: " + ttl);
    }
  }

  /** A TTL of {@code ttl}. */
  public static StateTtl of(Duration ttl) {
    return new StateTtl(ttl);
  }

  /** The TTL in milliseconds. */
  public long millis() {
    return ttl.toMillis();
  }
}
