/**
 * What compactions run besides merging files: the built-in merge functions ({@link
 * io.sediment.compaction.MergeFunctions}) and the Flink state-TTL compaction filter ({@link
 * io.sediment.compaction.TtlCompactionFilter}).
 *
 * <p>Both plug into the engine's SPIs ({@link io.sediment.lsm.MergeFunction}, {@link
 * io.sediment.lsm.CompactionFilter}) and are chosen by name: a store records its merge function's
 * name in its manifest, and a compaction run in another process must rebuild the same function and
 * filter from a name (and, for a filter, a one-line text configuration). Hence {@link
 * io.sediment.compaction.MergeFunctionRegistry} and {@link
 * io.sediment.compaction.CompactionFilters}: an unknown name is an error, never a fallback, since a
 * wrong function would silently corrupt values.
 *
 * <p>Byte layouts follow the systems whose state Sediment stores: RocksDB's {@code uint64add}
 * (little-endian counters) and Flink's serializers (big-endian numbers, the ',' list delimiter, the
 * TTL timestamp before the user value). {@code docs/merge-functions.md} describes every function
 * and the filter byte by byte. Every merge function with a partial merge satisfies the engine's
 * associativity contract: any grouping of operands into partial merges, then a full merge, gives
 * the bytes of one sequential fold; the tests check it with seeded generators.
 */
package io.sediment.compaction;
