package io.sediment.compaction;

import io.sediment.lsm.CompactionFilter;
import java.time.Clock;
import java.util.Map;

/**
 * Compaction filters by name and text configuration, for code that is told what to run rather than
 * handed an instance (a remote compaction worker). The only built-in filter is {@link
 * TtlCompactionFilter} ({@value TtlCompactionFilter#NAME}).
 */
public final class CompactionFilters {

  private CompactionFilters() {}

  /**
   * The filter called {@code name}, configured by {@code config}.
   *
   * @param customLengths list element lengths a TTL configuration may name besides {@code fixed:N}
   *     (may be empty)
   * @throws IllegalArgumentException naming the name when no filter has it (never a default), or
   *     naming the configuration when it is invalid
   */
  public static CompactionFilter byName(
      String name, String config, Clock clock, Map<String, ListElementLength> customLengths) {
    if (TtlCompactionFilter.NAME.equals(name)) {
      return TtlCompactionFilter.fromText(config, clock, customLengths);
    }
    throw new IllegalArgumentException(
        "unknown compaction filter '" + name + "'; known: " + TtlCompactionFilter.NAME);
  }
}
