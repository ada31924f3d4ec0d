/**
 * The asynchronous execution layer of a keyed stream operator, after Flink 2.0's asynchronous
 * execution model: an operator whose state lives on remote storage runs near local speed because
 * its task thread never waits for state.
 *
 * <h2>The model</h2>
 *
 * A record's work is split three ways: CPU work on the task thread (the {@link
 * io.sediment.stream.RecordBody}), state access on an I/O thread (each state call returns a {@link
 * io.sediment.stream.StateFuture} at once), and callbacks back on the task thread, delivered
 * through the controller's mailbox. The {@link io.sediment.stream.ExecutionController} keeps three
 * promises while records overlap:
 *
 * <ul>
 *   <li>per-key order: a key is held by one record at a time, from the start of its body until its
 *       last callback ran; later records of the key wait in the key's queue, in arrival order.
 *       Records of different keys never touch the same stored key, so they may overlap freely;
 *   <li>program order of a record's own requests: requests go to one I/O lane in batches, batches
 *       run one after another, and inside a batch a read of a key the same batch wrote earlier
 *       starts a new segment (in practice a record that waits for its reads before writing gives
 *       batches of one segment: one sorted multi-get and one write batch);
 *   <li>epochs: watermarks, timers and barriers close an epoch whose trigger action runs after
 *       every earlier record finished and whose final action runs after the records the trigger
 *       started finished too, exactly once each, in order.
 * </ul>
 *
 * Because of the first two, a run through the controller answers exactly what a sequential run of
 * the same records would; the model test checks that against a reference in every configuration.
 *
 * <h2>State</h2>
 *
 * One {@link io.sediment.stream.KeyedStateStore} (one Sediment store) per operator instance holds
 * every declared state; stored keys are {@code [key group][state id][key][namespace][map key]}.
 * Appends and aggregations are merges routed by state id to the compaction library's merge
 * functions, so they never read; TTL uses the compaction library's layouts and filter, and reads
 * filter expired values themselves. See {@code docs/stream.md}.
 */
package io.sediment.stream;
