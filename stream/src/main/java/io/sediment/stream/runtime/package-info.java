/**
 * A small dataflow runtime in one JVM over the asynchronous execution layer: a replayable {@link
 * io.sediment.stream.runtime.Source}, keyed by a key selector into {@code parallelism} instances of
 * a {@link io.sediment.stream.runtime.KeyedOperator} (each with a task thread driving its own
 * {@link io.sediment.stream.ExecutionController} over its own store, holding its key groups), into
 * a {@link io.sediment.stream.runtime.TransactionalSink}; run by {@link
 * io.sediment.stream.runtime.LocalJob}. A {@link io.sediment.stream.runtime.StagedJob} chains
 * several keyed stages, each re-keying the output of the one before; watermarks and barriers are
 * forwarded stage to stage, so a checkpoint stays one consistent cut.
 *
 * <h2>Checkpoints and exactly-once</h2>
 *
 * Barriers flow from the source splits; an instance aligns its channels, closes an epoch (every
 * record before the barrier finished), stages its sink output and checkpoints its store through
 * {@link io.sediment.snapshot.CheckpointStorage} (no copy). A checkpoint completes when every split
 * and instance acknowledged: its metadata (offsets, store handles, staged output) is published
 * write-once, then its output is committed, idempotently by checkpoint id. A restart restores from
 * the newest completed checkpoint, at the same or another parallelism, repeats the commits, and
 * replays the splits from the recorded offsets; so a job killed at any moment commits each result
 * exactly once. {@code docs/stream.md} gives the protocol and the argument in full.
 */
package io.sediment.stream.runtime;
