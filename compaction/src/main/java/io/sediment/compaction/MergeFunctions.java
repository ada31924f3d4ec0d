package io.sediment.compaction;

import io.sediment.lsm.MergeFunction;

/**
 * The built-in merge functions. Each has a stable {@link MergeFunction#name()} (recorded in the
 * store's manifest, and what a remote compaction worker is told), is stateless and thread-safe, and
 * is obtainable by that name from {@link #byName} or a {@link MergeFunctionRegistry}. Byte layouts
 * are in {@link MergeValues}; {@code docs/merge-functions.md} has the full table.
 *
 * <table>
 *   <caption>Built-in merge functions</caption>
 *   <tr><th>factory</th><th>name</th><th>layout</th><th>partial merge</th></tr>
 *   <tr><td>{@link #uint64Add()}</td><td>sediment.uint64add</td><td>8-byte little-endian unsigned,
 *       wrapping add (RocksDB's {@code uint64add})</td><td>yes</td></tr>
 *   <tr><td>{@link #intSum()}</td><td>sediment.int32-sum</td><td>4-byte big-endian, wrapping
 *       add</td><td>yes</td></tr>
 *   <tr><td>{@link #longSum()}</td><td>sediment.int64-sum</td><td>8-byte big-endian, wrapping
 *       add</td><td>yes</td></tr>
 *   <tr><td>{@link #doubleSum()}</td><td>sediment.float64-sum</td><td>8-byte big-endian IEEE
 *       754</td><td>no (not associative)</td></tr>
 *   <tr><td>{@link #longMax()}, {@link #longMin()}</td><td>sediment.int64-max,
 *       sediment.int64-min</td><td>8-byte big-endian signed</td><td>yes</td></tr>
 *   <tr><td>{@link #lastValue()}</td><td>sediment.last-value</td><td>any bytes</td><td>yes</td></tr>
 *   <tr><td>{@link #listAppend()}</td><td>sediment.list-append</td><td>elements joined by one
 *       ',' byte (Flink list state)</td><td>yes</td></tr>
 * </table>
 *
 * <p>Wrong input never throws: a number of the wrong length counts as absent (a sum adds 0, as
 * RocksDB's {@code uint64add} does; an extremum skips it).
 */
public final class MergeFunctions {

  /** Names of user functions may not start with this: it is reserved for the built-ins. */
  public static final String RESERVED_PREFIX = "sediment.";

  private static final MergeFunction UINT64_ADD = new IntegerMerge(IntegerMerge.Kind.UINT64_ADD);
  private static final MergeFunction INT_SUM = new IntegerMerge(IntegerMerge.Kind.INT32_SUM);
  private static final MergeFunction LONG_SUM = new IntegerMerge(IntegerMerge.Kind.INT64_SUM);
  private static final MergeFunction LONG_MAX = new IntegerMerge(IntegerMerge.Kind.INT64_MAX);
  private static final MergeFunction LONG_MIN = new IntegerMerge(IntegerMerge.Kind.INT64_MIN);
  private static final MergeFunction DOUBLE_SUM = new DoubleSumMerge();
  private static final MergeFunction LAST_VALUE = new LastValueMerge();
  private static final MergeFunction LIST_APPEND = new ListAppendMerge();

  private MergeFunctions() {}

  /**
   * RocksDB's {@code uint64add}: values and operands are 8-byte little-endian unsigned counters
   * ({@link MergeValues#uint64}), added with wrap-around modulo 2^64. A base or operand of another
   * length counts as 0 (RocksDB reads it as 0 and logs it; here it is documented instead), so the
   * result is always 8 bytes. Byte-for-byte what RocksDB's operator gives for the same inputs.
   */
  public static MergeFunction uint64Add() {
    return UINT64_ADD;
  }

  /**
   * Sum of 4-byte big-endian signed ints ({@link MergeValues#int32}), wrapping on overflow; a value
   * of another length counts as 0.
   */
  public static MergeFunction intSum() {
    return INT_SUM;
  }

  /**
   * Sum of 8-byte big-endian signed longs ({@link MergeValues#int64}), wrapping on overflow; a
   * value of another length counts as 0. Distinct from {@link #uint64Add()}, whose bytes are
   * little-endian.
   */
  public static MergeFunction longSum() {
    return LONG_SUM;
  }

  /**
   * Sum of 8-byte big-endian IEEE 754 doubles ({@link MergeValues#float64}), folded in write order
   * with no partial merge (floating-point addition is not associative); a value of another length
   * counts as 0.0.
   */
  public static MergeFunction doubleSum() {
    return DOUBLE_SUM;
  }

  /**
   * Largest of 8-byte big-endian signed longs; values of another length are skipped, and when none
   * is valid the result is an empty value.
   */
  public static MergeFunction longMax() {
    return LONG_MAX;
  }

  /**
   * Smallest of 8-byte big-endian signed longs; values of another length are skipped, and when none
   * is valid the result is an empty value.
   */
  public static MergeFunction longMin() {
    return LONG_MIN;
  }

  /** The newest operand replaces the value; any bytes are valid. */
  public static MergeFunction lastValue() {
    return LAST_VALUE;
  }

  /**
   * Flink's list state layout on RocksDB: the base and the operands joined by one {@code ','} byte,
   * no trailing delimiter; an operand may itself be several elements joined the same way.
   */
  public static MergeFunction listAppend() {
    return LIST_APPEND;
  }

  /**
   * A merge function folding a user {@link Aggregator}; values and operands are serialized
   * accumulators.
   *
   * @param name the stable name to record in the manifest: not blank, not starting with {@value
   *     #RESERVED_PREFIX}
   * @throws IllegalArgumentException naming the name when it is null, blank or reserved
   * @throws NullPointerException if {@code aggregator} is null
   */
  public static <I, A> AggregatingMergeFunction<I, A> aggregating(
      String name, Aggregator<I, A> aggregator) {
    requireUserName(name);
    return new AggregatingMergeFunction<>(name, aggregator);
  }

  /**
   * The built-in merge function called {@code name}.
   *
   * @throws IllegalArgumentException naming {@code name} when no built-in has it (never a default)
   */
  public static MergeFunction byName(String name) {
    return MergeFunctionRegistry.builtIns().get(name);
  }

  static MergeFunction[] builtIns() {
    return new MergeFunction[] {
      UINT64_ADD, INT_SUM, LONG_SUM, DOUBLE_SUM, LONG_MAX, LONG_MIN, LAST_VALUE, LIST_APPEND
    };
  }

  static void requireUserName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("merge function name must not be blank: '" + name + "'");
    }
    if (name.startsWith(RESERVED_PREFIX)) {
      throw new IllegalArgumentException(
          "merge function name '" + name + "' uses the reserved prefix " + RESERVED_PREFIX);
    }
  }
}
