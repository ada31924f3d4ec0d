package io.sediment.compaction;

/**
 * Where Flink's state TTL puts the 8-byte big-endian last-access (or creation) timestamp in a
 * stored value, per kind of state. Flink's TTL serializer writes the timestamp before the user
 * value.
 */
public enum TtlStateLayout {
  /** Value, reducing and aggregating state: the value starts with the timestamp (offset 0). */
  VALUE(0),
  /**
   * One entry of map state: a one-byte null flag, then the timestamp (offset 1). Expiry removes
   * that map entry.
   */
  MAP(1),
  /**
   * List state: elements joined by one {@code ','} byte, each starting with its own timestamp.
   * Elements are appended in time order, so expired elements are a prefix: the filter drops them
   * from the head and keeps the rest unchanged.
   */
  LIST(0);

  private final int timestampOffset;

  TtlStateLayout(int timestampOffset) {
    this.timestampOffset = timestampOffset;
  }

  /** Where the timestamp starts: in the value, or in each element for {@link #LIST}. */
  public int timestampOffset() {
    return timestampOffset;
  }
}
