package io.sediment.compaction;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TtlCompactionFilter} does, as a value with a one-line text form for remote
 * compaction jobs: {@code layout=list,ttl-ms=60000,query-time-after=1000,element-length=fixed:16}
 * (keys in any order; {@code element-length} only for {@link TtlStateLayout#LIST}).
 *
 * @param layout where the timestamp is ({@link TtlStateLayout})
 * @param ttlMillis time to live in milliseconds, at least 1: a value whose timestamp {@code t}
 *     satisfies {@code t + ttl <= now} (the sum saturating at {@link Long#MAX_VALUE}) is expired,
 *     as in Flink's {@code TtlUtils.expired}
 * @param queryTimeAfterNumEntries the filter reads its clock again after this many entries (Flink's
 *     {@code queryTimeAfterNumEntries}, default 1000), at least 1
 * @param elementLength how list elements are delimited; non-null exactly for {@code LIST}
 */
public record TtlConfig(
    TtlStateLayout layout,
    long ttlMillis,
    long queryTimeAfterNumEntries,
    ListElementLength elementLength) {

  /** Flink's default for {@code queryTimeAfterNumEntries}. */
  public static final long DEFAULT_QUERY_TIME_AFTER_NUM_ENTRIES = 1000;

  /**
   * @throws IllegalArgumentException naming the value when the layout is null, the TTL or the
   *     re-read interval is below 1, or an element length is missing for a list or given for
   *     another layout
   */
  public TtlConfig {
    if (layout == null) {
      throw new IllegalArgumentException("layout must not be null");
    }
    if (ttlMillis < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttlMillis);
    }
    if (queryTimeAfterNumEntries < 1) {
      throw new IllegalArgumentException(
          "query-time-after must be at least 1 entry: " + queryTimeAfterNumEntries);
    }
    if ((layout == TtlStateLayout.LIST) != (elementLength != null)) {
      throw new IllegalArgumentException(
          "an element length goes with the LIST layout only: layout "
              + layout
              + ", element length "
              + elementLength);
    }
  }

  /** Value state: the timestamp at offset 0 of the value. */
  public static TtlConfig valueState(long ttlMillis) {
    return new TtlConfig(
        TtlStateLayout.VALUE, ttlMillis, DEFAULT_QUERY_TIME_AFTER_NUM_ENTRIES, null);
  }

  /** Map state: the timestamp at offset 1, after the null flag. */
  public static TtlConfig mapState(long ttlMillis) {
    return new TtlConfig(TtlStateLayout.MAP, ttlMillis, DEFAULT_QUERY_TIME_AFTER_NUM_ENTRIES, null);
  }

  /** List state whose elements {@code elementLength} delimits. */
  public static TtlConfig listState(long ttlMillis, ListElementLength elementLength) {
    return new TtlConfig(
        TtlStateLayout.LIST,
        ttlMillis,
        DEFAULT_QUERY_TIME_AFTER_NUM_ENTRIES,
        Objects.requireNonNull(elementLength, "elementLength"));
  }

  /**
   * This configuration reading the clock after every {@code entries} entries.
   *
   * @throws IllegalArgumentException if {@code entries} is below 1
   */
  public TtlConfig withQueryTimeAfterNumEntries(long entries) {
    return new TtlConfig(layout, ttlMillis, entries, elementLength);
  }

  /** The one-line text form that {@link #parse} reads back. */
  public String toText() {
    String text =
        "layout="
            + layout.name().toLowerCase(Locale.ROOT)
            + ",ttl-ms="
            + ttlMillis
            + ",query-time-after="
            + queryTimeAfterNumEntries;
    return elementLength == null ? text : text + ",element-length=" + elementLength.name();
  }

  /**
   * Reads {@link #toText()}'s form. {@code query-time-after} is optional (default 1000); a {@code
   * fixed:<bytes>} element length is built in, any other name is looked up in {@code custom}.
   *
   * @param custom element lengths other than fixed ones, by {@link ListElementLength#name()}
   * @throws IllegalArgumentException naming the text and the part at fault: an unknown or repeated
   *     key, a missing layout or ttl, a value that is not a number or out of range, an unknown
   *     element length
   */
  public static TtlConfig parse(String text, Map<String, ListElementLength> custom) {
    Map<String, String> kv = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty TTL configuration: '" + text + "'");
    }
    for (String part : text.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "TTL configuration '" + text + "': '" + part + "' is not key=value");
      }
      String key = part.substring(0, eq).trim();
      if (kv.put(key, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException(
            "TTL configuration '" + text + "' repeats '" + key + "'");
      }
    }
    TtlStateLayout layout = layout(text, kv.remove("layout"));
    long ttl = number(text, "ttl-ms", kv.remove("ttl-ms"), null);
    long every =
        number(
            text,
            "query-time-after",
            kv.remove("query-time-after"),
            DEFAULT_QUERY_TIME_AFTER_NUM_ENTRIES);
    String lengthName = kv.remove("element-length");
    if (!kv.isEmpty()) {
      throw new IllegalArgumentException(
          "TTL configuration '" + text + "' has unknown keys " + kv.keySet());
    }
    try {
      ListElementLength length =
          lengthName == null ? null : elementLength(text, lengthName, custom);
      return new TtlConfig(layout, ttl, every, length);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TTL configuration '" + text + "': " + e.getMessage(), e);
    }
  }

  private static TtlStateLayout layout(String text, String value) {
    if (value == null) {
      throw new IllegalArgumentException("TTL configuration '" + text + "' has no layout");
    }
    for (TtlStateLayout l : TtlStateLayout.values()) {
      if (l.name().equalsIgnoreCase(value)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "TTL configuration '" + text + "': unknown layout '" + value + "' (value, map, list)");
  }

  private static long number(String text, String key, String value, Long dflt) {
    if (value == null) {
      if (dflt == null) {
        throw new IllegalArgumentException("TTL configuration '" + text + "' has no " + key);
      }
      return dflt;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "TTL configuration '" + text + "': " + key + " '" + value + "' is not a number", e);
    }
  }

  private static ListElementLength elementLength(
      String text, String name, Map<String, ListElementLength> custom) {
    if (name.startsWith(ListElementLength.FIXED_PREFIX)) {
      String bytes = name.substring(ListElementLength.FIXED_PREFIX.length());
      try {
        return ListElementLength.fixed(Integer.parseInt(bytes));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "TTL configuration '" + text + "': element length '" + name + "' is not fixed:N", e);
      }
    }
    ListElementLength l = custom == null ? null : custom.get(name);
    if (l == null) {
      throw new IllegalArgumentException(
          "TTL configuration '" + text + "': unknown element length '" + name + "'");
    }
    return l;
  }
}
