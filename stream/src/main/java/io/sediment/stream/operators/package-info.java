/**
 * Keyed operators for the runtime, each a {@link io.sediment.stream.runtime.KeyedOperator} on the
 * asynchronous state API: joins of two inputs ({@link io.sediment.stream.operators.JoinInput}) by
 * key, unbounded ({@link io.sediment.stream.operators.RegularJoin}, with an optional state TTL, and
 * its left outer form {@link io.sediment.stream.operators.LeftOuterJoin}, which retracts padded
 * rows) or in an event-time interval ({@link io.sediment.stream.operators.IntervalJoin}, cleaned up
 * by timers); deduplication ({@link io.sediment.stream.operators.Deduplicate}, keep first or keep
 * last); top-N per key ({@link io.sediment.stream.operators.TopN}); an updating aggregation per key
 * ({@link io.sediment.stream.operators.GroupAggregate}) and a distinct count ({@link
 * io.sediment.stream.operators.CountDistinct}). Their output is a changelog ({@link
 * io.sediment.stream.changelog.Change}): append-only operators emit {@code +I} rows only, updating
 * ones retract a key's previous result ({@code -U}) before its new one ({@code +U}).
 */
package io.sediment.stream.operators;
