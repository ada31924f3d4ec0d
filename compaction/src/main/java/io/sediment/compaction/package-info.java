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
 *
 * <p><b>Remote compaction.</b> {@link io.sediment.compaction.CompactionWorker} runs compaction jobs
 * of stores in other processes, {@link io.sediment.compaction.RemoteCompactionService} sends them,
 * and {@link io.sediment.compaction.CompactionWireFormat} is what travels between them ({@code
 * docs/compaction.md}, {@code docs/format/compaction-job.md}). The worker serves HTTP with the
 * JDK's {@code com.sun.net.httpserver} and the client uses {@code java.net.http.HttpClient}: both
 * ship with every JDK 17 (the {@code jdk.httpserver} and {@code java.net.http} modules), so the
 * module gains no dependency and no version to track, and the traffic is a few small messages per
 * job (file names and counters, never data), far from where a faster server would matter. Safety
 * does not rest on the transport: the store installs only the awaited attempt's outputs (fencing),
 * so a lost, late or repeated answer can never install anything twice.
 */
package io.sediment.compaction;
