/**
 * Key groups: the unit in which keyed state is partitioned, moved and rescaled.
 *
 * <p>A stream processor cannot re-hash every key whenever it changes the number of operator
 * instances. Instead (this is Apache Flink's scheme, which this package reproduces exactly) each
 * key is assigned, once and for all, to one of a fixed number {@code maxParallelism} of <i>key
 * groups</i> by hashing its {@code hashCode()} ({@link io.sediment.keygroups.KeyGroups#assign}).
 * The key groups, not the keys, are then split into contiguous ranges, one per operator instance
 * ({@link io.sediment.keygroups.KeyGroups#rangeForOperator}). Changing the parallelism only moves
 * whole key groups between instances; {@code maxParallelism} itself can never change for the
 * lifetime of the state.
 *
 * <p>Sediment stores each key behind a short big-endian prefix holding its key group ({@link
 * io.sediment.keygroups.KeyGroupPrefix}). In the store's byte order that makes every key-group
 * range one contiguous key range, so rescaling a store to a new {@link
 * io.sediment.keygroups.KeyGroupRange} needs no rewrite: files entirely outside the range are left
 * out, files straddling its edges are kept and clipped with range deletes, and the engine's
 * compaction removes the clipped data later.
 *
 * <p>This package is a leaf: it depends on nothing else in the project, and on nothing outside the
 * JDK. Its numbers are checked against a table produced by Flink itself.
 */
package io.sediment.keygroups;
